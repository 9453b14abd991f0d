"""Strings of the backpropagation page."""

STRINGS = {
    "nav.backprop": {"en": "Backpropagation", "zh": "反向传播"},
    "home.backprop": {
        "en": "The chain rule on a computational graph: watch autograd carry the loss's gradient back to every weight.",
        "zh": "计算图上的链式法则：看自动求导如何把损失的梯度一步步传回每个权重。",
    },
    "backprop.title": {"en": "Backpropagation", "zh": "反向传播"},
    "backprop.intro": {
        "en": "Training needs ∂L/∂w for every weight. Autograd records each operation of the forward pass as a "
              "computational graph, then walks it back from the loss, multiplying local derivatives: the chain rule. "
              "The graph below is torch's own, with every number autograd computed.",
        "zh": "训练需要每个权重的梯度 ∂L/∂w。自动求导把前向传播中的每一步运算记录成一张计算图，"
              "再从损失出发沿图反向走回去，把各处的局部导数相乘：这就是链式法则。"
              "下面这张图就是 torch 自己建立的计算图，图中每个数都是自动求导算出来的。",
    },
    # the neuron and its graph
    "backprop.graph_header": {"en": "One neuron with a loss, as a computational graph",
                              "zh": "带损失函数的单个神经元：计算图"},
    "backprop.setup": {"en": "The neuron, its target and its loss", "zh": "神经元、目标值与损失函数"},
    "backprop.input": {"en": "Input x{i}", "zh": "输入 x{i}"},
    "backprop.weight": {"en": "Weight w{i}", "zh": "权重 w{i}"},
    "backprop.bias": {"en": "Bias b", "zh": "偏置 b"},
    "backprop.activation": {"en": "Activation f", "zh": "激活函数 f"},
    "backprop.target": {"en": "Target y", "zh": "目标值 y"},
    "backprop.loss": {"en": "Loss", "zh": "损失函数"},
    "backprop.loss_mse": {"en": "(ŷ − y)²", "zh": "(ŷ − y)²"},
    "backprop.loss_bce": {"en": "BCE", "zh": "BCE"},
    "backprop.loss_help": {
        "en": "(ŷ − y)²: the squared error. BCE: binary cross-entropy −[y log ŷ + (1 − y) log(1 − ŷ)], for a sigmoid output.",
        "zh": "(ŷ − y)²：平方误差。BCE：二元交叉熵 −[y log ŷ + (1 − y) log(1 − ŷ)]，用于 sigmoid 输出。",
    },
    "backprop.bce_needs_sigmoid": {
        "en": "Binary cross-entropy reads ŷ as a probability, so it follows a sigmoid output only: "
              "with {act} the loss is the squared error.",
        "zh": "二元交叉熵把 ŷ 当作概率，所以只能接在 sigmoid 输出之后：选 {act} 时损失函数用平方误差。",
    },
    "backprop.bce_target": {
        "en": "Binary cross-entropy needs a target between 0 and 1: the target used is {y:g}.",
        "zh": "二元交叉熵要求目标值在 0 到 1 之间：这里使用的目标值是 {y:g}。",
    },
    "backprop.stage": {"en": "Stage", "zh": "阶段"},
    "backprop.stage_start": {"en": "start: only the inputs and parameters", "zh": "开始：只有输入和参数"},
    "backprop.stage_forward": {"en": "forward: {node}", "zh": "前向传播：{node}"},
    "backprop.stage_backward": {"en": "backward: ∂L/∂{node}", "zh": "反向传播：∂L/∂{node}"},
    "backprop.prev": {"en": "Back", "zh": "上一步"},
    "backprop.next_forward": {"en": "Forward: next value", "zh": "前向：下一个值"},
    "backprop.next_backward": {"en": "Backward: next gradient", "zh": "反向：下一个梯度"},
    "backprop.all_forward": {"en": "Whole forward pass", "zh": "完成前向传播"},
    "backprop.all_backward": {"en": "Whole backward pass", "zh": "完成反向传播"},
    "backprop.restart": {"en": "Start over", "zh": "从头开始"},
    "backprop.data": {"en": "data", "zh": "值"},
    "backprop.grad": {"en": "grad", "zh": "梯度"},
    "backprop.no_grad": {"en": "no grad", "zh": "无梯度"},
    "backprop.after_steps": {
        "en": "The graph after {n} step(s) of gradient descent from the values set above (see the update below).",
        "zh": "这是从上面设置的值出发、走了 {n} 步梯度下降之后的计算图（见下面的参数更新）。",
    },
    "backprop.graph_description": {
        "en": "The neuron's computational graph: inputs x1, x2, weights w1, w2 and bias b feed products, their sum z, "
              "the activation's output ŷ and the loss L, each value with its gradient once the backward pass reaches it.",
        "zh": "神经元的计算图：输入 x1、x2，权重 w1、w2 和偏置 b 依次经过乘积、加权和 z、激活函数输出 ŷ 和损失 L，"
              "反向传播到达后每个值旁边显示它的梯度。",
    },
    "backprop.net_description": {
        "en": "A small network drawn as units in columns with their values and gradients; the paths from the chosen "
              "parameter to the loss are highlighted.",
        "zh": "小型网络：按列画出各神经元及其值和梯度；从所选参数到损失的路径被高亮显示。",
    },
    "backprop.graph_caption": {
        "en": "Boxes are values (and grad = ∂L/∂value once the backward pass reaches them); circles are "
              "operations. Under each box: the grad_fn torch recorded for that tensor (AccumulateGrad for a leaf: "
              "where its .grad is stored). A number on an edge is the operation's local derivative, shown once the "
              "backward pass uses it. The target y is a constant: it needs no gradient.",
        "zh": "方框是数值（反向传播到达后还显示梯度 ∂L/∂该值）；圆圈是运算。"
              "方框下方是 torch 为该张量记录的 grad_fn（叶子节点是 AccumulateGrad：它的 .grad 存在这里）。"
              "边上的数是该运算的局部导数，反向传播用到它时才显示。目标值 y 是常量，不需要梯度。",
    },
    "backprop.at_start": {
        "en": "Nothing computed yet. Press “Forward: next value” to run the forward pass one operation at a time.",
        "zh": "还没有计算任何东西。按“前向：下一个值”，一次执行前向传播中的一步运算。",
    },
    "backprop.forward_done": {
        "en": "The forward pass is done: the loss is L = {loss:.4f}. Now press “Backward: next gradient”.",
        "zh": "前向传播完成：损失 L = {loss:.4f}。现在按“反向：下一个梯度”。",
    },
    "backprop.seed_grad": {
        "en": "The backward pass starts at the loss with ∂L/∂L = 1.",
        "zh": "反向传播从损失开始，∂L/∂L = 1。",
    },
    "backprop.chain_local": {"en": "Chain rule, one step:", "zh": "链式法则（一步）："},
    "backprop.chain_path": {"en": "The same, along the whole path from the loss:", "zh": "沿从损失出发的整条路径展开："},
    "backprop.chain_sum": {
        "en": "{name} feeds {n} operations: its gradient is the sum of what comes back along each.",
        "zh": "{name} 参与了 {n} 个运算：它的梯度是从各条路径传回来的梯度之和。",
    },
    "backprop.check": {
        "en": "Every gradient on the graph, by the chain rule by hand against autograd's .grad: largest difference {gap:.1e}.",
        "zh": "图中每个梯度，手工链式法则与自动求导的 .grad 对比：最大差异 {gap:.1e}。",
    },
    # the update
    "backprop.update_header": {"en": "The update: one step of gradient descent", "zh": "参数更新：梯度下降的一步"},
    "backprop.update_intro": {
        "en": "Each parameter moves against its gradient: w ← w − lr · ∂L/∂w. “Step” runs forward, backward and "
              "this update once; the graph above then shows the new numbers.",
        "zh": "每个参数都朝梯度的反方向移动：w ← w − lr · ∂L/∂w。“单步”执行一次前向传播、反向传播和这次更新，"
              "上面的计算图随之显示新的数值。",
    },
    "backprop.lr": {"en": "Learning rate lr", "zh": "学习率 lr"},
    "backprop.step": {"en": "Step", "zh": "单步"},
    "backprop.step_help": {"en": "One forward pass, one backward pass and one update of w1, w2 and b.",
                           "zh": "执行一次前向传播、一次反向传播，并更新一次 w1、w2 和 b。"},
    "backprop.reset": {"en": "Reset", "zh": "重置"},
    "backprop.reset_help": {"en": "Back to the values set at the top of the page.", "zh": "回到页面顶部设置的值。"},
    "backprop.steps_taken": {"en": "steps taken", "zh": "已走步数"},
    "backprop.loss_now": {"en": "loss now", "zh": "当前损失"},
    "backprop.loss_next": {"en": "loss after this update", "zh": "本次更新后的损失"},
    "backprop.col_param": {"en": "parameter", "zh": "参数"},
    "backprop.col_value": {"en": "value", "zh": "当前值"},
    "backprop.col_grad": {"en": "∂L/∂parameter", "zh": "∂L/∂参数"},
    "backprop.col_new": {"en": "value − lr · ∂L/∂parameter", "zh": "当前值 − lr · ∂L/∂参数"},
    "backprop.loss_axis": {"en": "loss L", "zh": "损失 L"},
    "backprop.step_axis": {"en": "step", "zh": "步数"},
    "backprop.diverged": {
        "en": "Stopped after {steps} steps: the next update would push a value past one million. The learning rate "
              "{lr:g} is too large for this neuron; lower it and press Reset.",
        "zh": "在第 {steps} 步后停止：下一次更新会让某个值超过一百万。对这个神经元来说，学习率 {lr:g} 太大了；"
              "请调小它，再按“重置”。",
    },
    "backprop.loss_rose": {
        "en": "The loss went up on this step ({before:.4g} → {after:.4g}): the step overshot. A smaller learning rate "
              "would go down.",
        "zh": "这一步损失反而上升了（{before:.4g} → {after:.4g}）：步子迈过头了。换一个更小的学习率，损失就会下降。",
    },
    "backprop.at_most_steps": {
        "en": "This page takes at most {n} steps; Reset starts again.",
        "zh": "本页最多走 {n} 步；按“重置”重新开始。",
    },
    # finite differences
    "backprop.fd_header": {"en": "Checked a third way: finite differences", "zh": "第三种验证：有限差分"},
    "backprop.fd_intro": {
        "en": "Nudge one value by h up and down and watch the loss: (L(θ + h) − L(θ − h)) / 2h approximates ∂L/∂θ "
              "without any chain rule. Here h = {h:g}, in float64; they agree when the gap is under {tol:g}.",
        "zh": "把某个值上下各挪动 h，观察损失的变化：(L(θ + h) − L(θ − h)) / 2h 不用链式法则也能近似 ∂L/∂θ。"
              "这里 h = {h:g}，用 float64 计算；差异小于 {tol:g} 即视为一致。",
    },
    "backprop.fd_kink": {
        "en": "z is at a kink of {act} (within h of it): there the difference quotient averages the two slopes while "
              "autograd takes one of them, so the two may disagree here by design.",
        "zh": "z 正好处在 {act} 的折点上（与折点的距离小于 h）：在这里差商取的是两侧斜率的平均，"
              "而自动求导只取其中一侧，所以两者可能本来就不一致。",
    },
    "backprop.fd_ok": {"en": "All agree: largest gap {gap:.1e}.", "zh": "全部一致：最大差异 {gap:.1e}。"},
    "backprop.fd_bad": {"en": "Largest gap {gap:.1e}, above the tolerance.", "zh": "最大差异 {gap:.1e}，超出容差。"},
    "backprop.col_node": {"en": "value", "zh": "数值"},
    "backprop.col_autograd": {"en": "autograd", "zh": "自动求导"},
    "backprop.col_fd": {"en": "finite difference", "zh": "有限差分"},
    "backprop.col_gap": {"en": "|difference|", "zh": "|差异|"},
    # the network
    "backprop.net_header": {"en": "A small network: gradients add up over paths", "zh": "小型网络：梯度沿各条路径相加"},
    "backprop.net_intro": {
        "en": "In a network a value can feed several units, so its gradient comes back along several paths. The "
              "chain rule multiplies the local derivatives along each path and adds the paths up.",
        "zh": "在网络中，一个值可能同时输入给多个神经元，所以它的梯度会沿多条路径传回来。"
              "链式法则把每条路径上的局部导数相乘，再把各条路径的结果相加。",
    },
    "backprop.hidden": {"en": "Hidden layers", "zh": "隐藏层数"},
    "backprop.net_activation": {"en": "Hidden activation", "zh": "隐藏层激活函数"},
    "backprop.seed": {"en": "Seed of the weights", "zh": "权重的随机种子"},
    "backprop.param": {"en": "Gradient of", "zh": "求梯度的对象"},
    "backprop.net_caption": {
        "en": "A {sizes} network (hidden units a = f(z), output ŷ = z, loss (ŷ − y)²) on the inputs and target above. "
              "Edges on the paths from {name} to the loss are orange, each labelled with its weight: the factor ∂z/∂a it adds to a path.",
        "zh": "一个 {sizes} 网络（隐藏层 a = f(z)，输出 ŷ = z，损失 (ŷ − y)²），输入和目标值与上面相同。"
              "从 {name} 到损失的各条路径画成橙色，每条边标出它的权重，也就是它给路径贡献的因子 ∂z/∂a。",
    },
    "backprop.col_path": {"en": "path", "zh": "路径"},
    "backprop.col_factors": {"en": "factors", "zh": "因子"},
    "backprop.col_numbers": {"en": "numbers", "zh": "数值"},
    "backprop.col_product": {"en": "product", "zh": "乘积"},
    "backprop.path_sum": {
        "en": "Sum over {n} path(s): {total:.6g}. Autograd's .grad: {auto:.6g}. Difference {gap:.1e}.",
        "zh": "{n} 条路径之和：{total:.6g}。自动求导的 .grad：{auto:.6g}。差异 {gap:.1e}。",
    },
    # autograd's mechanics
    "backprop.mech_header": {"en": "Autograd's mechanics, on real tensors", "zh": "自动求导的机制：在真实张量上运行"},
    "backprop.mech_intro": {
        "en": "Each panel runs the code shown with torch on this server and prints what it printed, errors included.",
        "zh": "每个面板都在服务器上用 torch 运行所示代码，并显示它的输出，包括报错。",
    },
    "backprop.tab_requires_grad": {"en": "requires_grad", "zh": "requires_grad"},
    "backprop.tab_accumulate": {"en": "Gradients add up", "zh": "梯度会累加"},
    "backprop.tab_leaves": {"en": "Leaves and grad_fn", "zh": "叶子节点与 grad_fn"},
    "backprop.tab_update": {"en": "The update and no_grad", "zh": "参数更新与 no_grad"},
    "backprop.tab_detach": {"en": "detach()", "zh": "detach()"},
    "backprop.output": {"en": "Output", "zh": "输出"},
    "backprop.rg_toggle": {"en": "w requires grad", "zh": "w 需要梯度（requires_grad=True）"},
    "backprop.rg_text": {
        "en": "Autograd only tracks tensors created with requires_grad=True (and whatever is computed from them). "
              "After backward(), such a leaf holds ∂y/∂leaf in .grad; a tensor that does not require grad keeps "
              ".grad = None. Data such as x never needs it.",
        "zh": "自动求导只跟踪用 requires_grad=True 创建的张量（以及由它们算出来的张量）。"
              "调用 backward() 之后，这样的叶子节点在 .grad 中存放 ∂y/∂叶子；不需要梯度的张量，.grad 一直是 None。"
              "像 x 这样的数据从来不需要梯度。",
    },
    "backprop.passes": {"en": "backward() calls before zeroing", "zh": "清零之前调用 backward() 的次数"},
    "backprop.acc_text": {
        "en": "backward() adds to .grad, it does not overwrite it: call it twice without zeroing and the gradient "
              "doubles. That is the classic bug of a training loop without optimizer.zero_grad() (or w.grad.zero_()).",
        "zh": "backward() 会把梯度加到 .grad 上，而不是覆盖它：不清零就调用两次，梯度就变成两倍。"
              "训练循环里忘了 optimizer.zero_grad()（或 w.grad.zero_()）就是这个经典错误。",
    },
    "backprop.retain_toggle": {"en": "call z.retain_grad()", "zh": "调用 z.retain_grad()"},
    "backprop.leaves_text": {
        "en": "Tensors you create are leaves (is_leaf, no grad_fn); every result of an operation carries the "
              "grad_fn that backward() will call. Only leaves keep .grad; an intermediate keeps it only after "
              "retain_grad(), which is how the graph above shows every gradient.",
        "zh": "自己创建的张量是叶子节点（is_leaf 为 True，没有 grad_fn）；每个运算结果都带着 backward() 要调用的 grad_fn。"
              "只有叶子节点保留 .grad；中间结果只有调用 retain_grad() 之后才保留，上面的计算图正是这样显示每个梯度的。",
    },
    "backprop.update_way": {"en": "How the update is written", "zh": "更新的写法"},
    "backprop.way_inplace": {"en": "w -= lr * w.grad", "zh": "w -= lr * w.grad"},
    "backprop.way_rebind": {"en": "w = w - lr * w.grad", "zh": "w = w - lr * w.grad"},
    "backprop.way_data": {"en": "w.data -= lr * w.grad (the course)", "zh": "w.data -= lr * w.grad（课程写法）"},
    "backprop.way_no_grad": {"en": "with torch.no_grad(): w -= lr * w.grad", "zh": "with torch.no_grad(): w -= lr * w.grad"},
    "backprop.update_inplace": {
        "en": "Fails: autograd refuses to change a leaf it is tracking in place, since the graph may still need its value.",
        "zh": "报错：自动求导不允许原地修改它正在跟踪的叶子节点，因为计算图可能还要用到原来的值。",
    },
    "backprop.update_rebind": {
        "en": "Runs once, then breaks: the new w is the result of an operation, no longer a leaf, so the next "
              "backward() leaves w.grad = None.",
        "zh": "能运行一次，然后出错：新的 w 是一次运算的结果，不再是叶子节点，所以下一次 backward() 之后 w.grad 是 None。",
    },
    "backprop.update_data": {
        "en": "Works, as the course writes it: .data is the same numbers without autograd watching. Today's idiom "
              "says the same thing more safely: with torch.no_grad().",
        "zh": "能正常工作，这是课程里的写法：.data 是同一组数，但不受自动求导跟踪。"
              "现在更推荐的写法表达同样的意思而且更安全：with torch.no_grad()。",
    },
    "backprop.update_no_grad": {
        "en": "Works: inside torch.no_grad() nothing is recorded, so the update changes w in place and w stays a "
              "leaf. This is what optimizer.step() does.",
        "zh": "能正常工作：在 torch.no_grad() 里不记录任何运算，所以更新原地修改 w，w 仍是叶子节点。"
              "optimizer.step() 做的就是这件事。",
    },
    "backprop.detach_text": {
        "en": "detach() gives the same numbers as a tensor outside the graph: gradients do not flow through it. "
              "Here y * d has half the gradient of y * y, because d counts as a constant.",
        "zh": "detach() 得到数值相同、但不在计算图中的张量：梯度不会从它传回去。"
              "这里 y * d 的梯度只有 y * y 的一半，因为 d 被当作常量。",
    },
    # losses
    "backprop.loss_header": {"en": "Loss functions and their gradients", "zh": "损失函数及其梯度"},
    "backprop.loss_intro": {
        "en": "The output layer and the loss go together, as in the course: identity + squared error for regression, "
              "sigmoid + binary cross-entropy for two classes, softmax + cross-entropy for several.",
        "zh": "输出层和损失函数是配套的，和课程中一样：回归用恒等输出加平方误差，"
              "二分类用 sigmoid 加二元交叉熵，多分类用 softmax 加交叉熵。",
    },
    "backprop.pairing_table": {
        "en": "| task | output layer | loss | ∂L/∂z at the output |\n|---|---|---|---|\n"
              "| regression | identity, ŷ = z | (ŷ − y)² | 2(ŷ − y) |\n"
              "| two classes | sigmoid, ŷ = σ(z) | −[y log ŷ + (1 − y) log(1 − ŷ)] | ŷ − y |\n"
              "| several classes | softmax, p = softmax(z) | −log p[y] | p − y (one-hot y) |",
        "zh": "| 任务 | 输出层 | 损失函数 | 输出处的 ∂L/∂z |\n|---|---|---|---|\n"
              "| 回归 | 恒等，ŷ = z | (ŷ − y)² | 2(ŷ − y) |\n"
              "| 二分类 | sigmoid，ŷ = σ(z) | −[y log ŷ + (1 − y) log(1 − ŷ)] | ŷ − y |\n"
              "| 多分类 | softmax，p = softmax(z) | −log p[y] | p − y（y 为独热编码） |",
    },
    "backprop.yhat_axis": {"en": "prediction ŷ", "zh": "预测值 ŷ"},
    "backprop.lossval_axis": {"en": "loss L", "zh": "损失 L"},
    "backprop.lossgrad_axis": {"en": "∂L/∂ŷ", "zh": "∂L/∂ŷ"},
    "backprop.curve_legend": {"en": "loss, target", "zh": "损失函数，目标值"},
    "backprop.curve_series": {"en": "{loss}, y = {y}", "zh": "{loss}，y = {y}"},
    "backprop.curves_caption": {
        "en": "Cross-entropy punishes a confident wrong answer without bound (L → ∞ as ŷ → 1 when y = 0) and its "
              "gradient grows with it; the squared error's gradient stays between −2 and 2. Gradients from autograd; "
              "the right chart stops at ±10.",
        "zh": "交叉熵对“很有把握却答错”的惩罚没有上限（y = 0 时，ŷ → 1 则 L → ∞），梯度也随之变大；"
              "平方误差的梯度始终在 −2 到 2 之间。梯度由自动求导算出；右图只画到 ±10。",
    },
    "backprop.softmax_header": {"en": "Softmax with cross-entropy: ∂L/∂z = p − y", "zh": "softmax 加交叉熵：∂L/∂z = p − y"},
    "backprop.logit": {"en": "logit z{k}", "zh": "logit z{k}"},
    "backprop.class": {"en": "True class", "zh": "真实类别"},
    "backprop.col_class": {"en": "class", "zh": "类别"},
    "backprop.col_p": {"en": "p = softmax(z)", "zh": "p = softmax(z)"},
    "backprop.col_y": {"en": "one-hot y", "zh": "独热 y"},
    "backprop.col_pmy": {"en": "p − y", "zh": "p − y"},
    "backprop.col_auto": {"en": "∂L/∂z (autograd)", "zh": "∂L/∂z（自动求导）"},
    "backprop.softmax_check": {
        "en": "Loss L = −log p[{k}] = {loss:.4f}. p − y against autograd's ∂L/∂z: largest difference {gap:.1e}.",
        "zh": "损失 L = −log p[{k}] = {loss:.4f}。p − y 与自动求导的 ∂L/∂z 对比：最大差异 {gap:.1e}。",
    },
    "backprop.dl_graph": {"en": "Graph values and gradients (CSV)", "zh": "计算图的值与梯度（CSV）"},
    "backprop.dl_fd": {"en": "Finite-difference check (CSV)", "zh": "有限差分验证（CSV）"},
    "backprop.dl_paths": {"en": "Network paths (CSV)", "zh": "网络路径（CSV）"},
}
