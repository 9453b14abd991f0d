"""Strings of the optimizer race lesson."""

STRINGS = {
    "optimizers.title": {"en": "Optimizer race", "zh": "优化器竞速"},
    "optimizers.intro": {
        "en": "The same data, network and initial weights, trained by four optimizers side by side: plain SGD, SGD "
              "with momentum, RMSprop and Adam, each with its own learning rate. Below, on the regression lesson's "
              "bowl, the theory of why momentum helps.",
        "zh": "同样的数据、同样的网络、同样的初始权重，由四种优化器并排训练：普通 SGD、带动量的 SGD、RMSprop 和 Adam，"
              "各用自己的学习率。下方在线性回归课的损失碗上，讲解动量为何有效的理论。",
    },
    # --- the race
    "optimizers.race_header": {"en": "The race", "zh": "竞速"},
    "optimizers.data": {"en": "Data", "zh": "数据"},
    "optimizers.dataset": {"en": "Dataset", "zh": "数据集"},
    "optimizers.noise": {"en": "Noise", "zh": "噪声"},
    "optimizers.n_per_class": {"en": "Points per class", "zh": "每类点数"},
    "optimizers.seed": {"en": "Seed (data and initial weights)", "zh": "随机种子（数据与初始权重）"},
    "optimizers.model": {"en": "Network", "zh": "网络"},
    "optimizers.layers": {"en": "Hidden layers", "zh": "隐藏层数"},
    "optimizers.width": {"en": "Neurons per hidden layer", "zh": "每个隐藏层的神经元数"},
    "optimizers.activation": {"en": "Activation", "zh": "激活函数"},
    "optimizers.rates": {"en": "Learning rates", "zh": "学习率"},
    "optimizers.lr_of": {"en": "Learning rate: {name}", "zh": "学习率：{name}"},
    "optimizers.rates_help": {
        "en": "Each optimizer keeps its own learning rate: a good step for Adam is far too small for plain SGD.",
        "zh": "每种优化器有自己的学习率：对 Adam 合适的步长，对普通 SGD 来说太小了。",
    },
    "optimizers.changes_restart": {
        "en": "Changing any setting starts the race again from the same initial weights.",
        "zh": "改变任何设置都会让竞速从同样的初始权重重新开始。",
    },
    "optimizers.same_start": {
        "en": "All four networks start from identical weights (one seed, drawn once per network in the same order) and "
              "see all {n} points at every step (full batch); weight decay is off. Only the update rule differs.",
        "zh": "四个网络的初始权重完全相同（同一个随机种子，按同样顺序抽取），每一步都使用全部 {n} 个点（全批量），"
              "不使用权重衰减。唯一的区别是更新规则。",
    },
    "optimizers.short_sgd": {"en": "SGD", "zh": "SGD"},
    "optimizers.short_momentum": {"en": "Momentum", "zh": "动量法"},
    "optimizers.short_rmsprop": {"en": "RMSprop", "zh": "RMSprop"},
    "optimizers.short_adam": {"en": "Adam", "zh": "Adam"},
    "optimizers.class_name": {"en": "class {n}", "zh": "第 {n} 类"},
    "optimizers.points": {"en": "data", "zh": "数据"},
    "optimizers.card": {
        "en": "loss {loss} · accuracy {acc:.1%} · step {steps:,}",
        "zh": "损失 {loss} · 准确率 {acc:.1%} · 第 {steps:,} 步",
    },
    "optimizers.diverged": {
        "en": "Diverged at step {step}: the loss became NaN or infinite, so this network stopped at its last good "
              "state. Try a learning rate below {lr:g}.",
        "zh": "在第 {step} 步发散：损失变成 NaN 或无穷大，这个网络停在最后一个正常的状态。请把学习率调到 {lr:g} 以下。",
    },
    "optimizers.above_start": {
        "en": "The loss ({loss:.4g}) is above where it started ({start:.4g}): its steps overshoot. Try a smaller learning "
              "rate.",
        "zh": "损失（{loss:.4g}）高于起点（{start:.4g}）：步子迈过头了。请试试更小的学习率。",
    },
    "optimizers.step_axis": {"en": "step", "zh": "步数"},
    "optimizers.loss_axis": {"en": "loss (log scale)", "zh": "损失（对数坐标）"},
    "optimizers.loss_axis_short": {"en": "loss", "zh": "损失"},
    "optimizers.loss_title": {"en": "Training loss, all four", "zh": "四者的训练损失"},
    "optimizers.numbers": {"en": "Standings", "zh": "当前成绩"},
    "optimizers.col_optimizer": {"en": "optimizer", "zh": "优化器"},
    "optimizers.col_lr": {"en": "learning rate", "zh": "学习率"},
    "optimizers.col_steps": {"en": "steps", "zh": "步数"},
    "optimizers.col_loss": {"en": "loss", "zh": "损失"},
    "optimizers.col_acc": {"en": "accuracy", "zh": "准确率"},
    "optimizers.col_state": {"en": "state", "zh": "状态"},
    "optimizers.state_running": {"en": "running", "zh": "运行中"},
    "optimizers.state_diverged": {"en": "diverged at step {step}", "zh": "第 {step} 步发散"},
    "optimizers.stopped_all_diverged": {
        "en": "All four optimizers diverged; playing stopped. Lower the learning rates and press Reset.",
        "zh": "四种优化器都发散了，播放停止。请调低学习率后按“重置”。",
    },
    "optimizers.stopped_steps": {
        "en": "The race reached its end ({steps:,} steps); playing stopped.",
        "zh": "竞速已到终点（{steps:,} 步），播放停止。",
    },
    "optimizers.spf_help": {
        "en": "Each of the four networks takes this many steps per frame (fewer on big networks, so a frame stays short).",
        "zh": "四个网络每帧各走这么多步（网络很大时会少一些，让每帧保持简短）。",
    },
    "optimizers.race_note": {
        "en": "Which optimizer wins depends on the learning rates as much as on the rule: a race is only fair when each "
              "runs near its own best step. Momentum with β = 0.9 takes steps about ten times as long as plain SGD's at "
              "the same learning rate while the gradient keeps its direction; RMSprop and Adam divide each step by a running size of the gradient, so while the "
              "gradient is steady their learning rate is about how far each weight moves per step.",
        "zh": "哪种优化器获胜，既取决于更新规则，也取决于学习率：只有每种优化器都在接近自己最佳步长时，比赛才公平。"
              "β = 0.9 的动量法在梯度方向保持不变时，每步大约是同样学习率下普通 SGD 步长的十倍；RMSprop 和 Adam 会用梯度大小的滑动估计去除每一步，"
              "所以在梯度稳定时，它们的学习率大约就是每个权重每步移动的距离。",
    },
    # --- the bowl
    "optimizers.bowl_header": {"en": "Why momentum works: the regression bowl", "zh": "动量为何有效：回归的损失碗"},
    "optimizers.bowl_intro": {
        "en": "The regression lesson fits y = 3x + 0.8. Its loss L(w, b) = mean((w·x + b − y)²) is a bowl whose "
              "Hessian H = 2·[[E x², E x], [E x, 1]] is the same everywhere. Gradient descent with step α shrinks the "
              "error along each eigenvector of H by the factor (1 − α·λ) per step, so it converges if and only if "
              "0 < α·λ < 2 for every eigenvalue λ. The best single step, α⋆ = 2/(λ_min + λ_max), shrinks both "
              "directions by (κ − 1)/(κ + 1) per step, where κ = λ_max/λ_min is the condition number. Heavy-ball "
              "momentum (z ← β·z + ∇L, then w ← w − α·z; torch.optim.SGD with momentum = β) with "
              "α = (2/(√λ_max + √λ_min))² and β = ((√κ − 1)/(√κ + 1))² reaches (√κ − 1)/(√κ + 1) per step "
              "(Goh, “Why Momentum Really Works”, Distill 2017).",
        "zh": "线性回归课拟合 y = 3x + 0.8。它的损失 L(w, b) = mean((w·x + b − y)²) 是一个碗，其 Hessian 矩阵 "
              "H = 2·[[E x², E x], [E x, 1]] 处处相同。步长为 α 的梯度下降每一步把沿 H 每个特征向量方向的误差乘以 "
              "(1 − α·λ)，所以它收敛当且仅当对每个特征值 λ 都有 0 < α·λ < 2。最佳的单一步长 α⋆ = 2/(λ_min + λ_max) "
              "让两个方向每步都缩小为 (κ − 1)/(κ + 1) 倍，其中 κ = λ_max/λ_min 是条件数。重球动量法"
              "（z ← β·z + ∇L，然后 w ← w − α·z；即 torch.optim.SGD 的 momentum = β）取 α = (2/(√λ_max + √λ_min))²、"
              "β = ((√κ − 1)/(√κ + 1))² 时，每步达到 (√κ − 1)/(√κ + 1)（Goh，《Why Momentum Really Works》，"
              "Distill 2017）。",
    },
    "optimizers.bn": {"en": "Points", "zh": "点数"},
    "optimizers.bnoise": {"en": "Noise (standard deviation)", "zh": "噪声（标准差）"},
    "optimizers.bseed": {"en": "Seed", "zh": "随机种子"},
    "optimizers.shift": {"en": "Shift x by", "zh": "把 x 平移"},
    "optimizers.shift_help": {
        "en": "x ~ U[0, 1) plus this shift (y = 3x + 0.8 still holds). The farther the mean of x from 0, the longer "
              "the bowl: κ grows (a shift of −0.5 puts the mean of x near 0).",
        "zh": "x ~ U[0, 1) 再加上这个平移（y = 3x + 0.8 仍然成立）。x 的均值离 0 越远，碗被拉得越长：κ 越大"
              "（平移 −0.5 让 x 的均值接近 0）。",
    },
    "optimizers.scale": {"en": "Step size × its best", "zh": "步长 × 最佳值"},
    "optimizers.scale_help": {
        "en": "Both step sizes times this factor (β stays at its best). Past 1 + 1/κ both diverge.",
        "zh": "两个步长都乘以这个系数（β 保持最佳值）。超过 1 + 1/κ 时两者都会发散。",
    },
    "optimizers.bsteps": {"en": "Steps", "zh": "步数"},
    "optimizers.kappa": {
        "en": "For these {n} points E x = {ex:.4f} and E x² = {exx:.4f}, so H has eigenvalues λ_min = {lo:.4f} and "
              "λ_max = {hi:.4f}: the condition number is κ = {kappa:.2f}. At their best step sizes theory promises per "
              "step: gradient descent {gd:.4f}, momentum {mom:.4f}.",
        "zh": "对这 {n} 个点，E x = {ex:.4f}，E x² = {exx:.4f}，所以 H 的特征值为 λ_min = {lo:.4f}、λ_max = {hi:.4f}："
              "条件数 κ = {kappa:.2f}。在各自的最佳步长下，理论给出的每步收敛率：梯度下降 {gd:.4f}，动量法 {mom:.4f}。",
    },
    "optimizers.kappa_note": {
        "en": "κ depends on x alone, through E x and E x²: the noise moves the optimum but never changes the bowl's "
              "shape. The number of points and the seed change κ through the sample's E x and E x² (most with few "
              "points); the shift changes it a lot.",
        "zh": "κ 只取决于 x（通过 E x 和 E x²）：噪声会移动最优点，但从不改变碗的形状。点数和随机种子通过样本的 E x 和 E x² 改变 κ（点少时变化最大）；"
              "平移 x 则会大幅改变它。",
    },
    "optimizers.bowl_gd": {"en": "gradient descent", "zh": "梯度下降"},
    "optimizers.bowl_momentum": {"en": "momentum", "zh": "动量法"},
    "optimizers.mark_opt": {"en": "least-squares optimum", "zh": "最小二乘最优点"},
    "optimizers.mark_start": {"en": "start (1, 0)", "zh": "起点 (1, 0)"},
    "optimizers.log_loss": {"en": "log₁₀ loss", "zh": "log₁₀ 损失"},
    "optimizers.bowl_title": {"en": "Both paths on the bowl", "zh": "碗上的两条路径"},
    "optimizers.distance_title": {"en": "Distance to the optimum", "zh": "到最优点的距离"},
    "optimizers.distance_axis": {"en": "distance to optimum (log scale)", "zh": "到最优点的距离（对数坐标）"},
    "optimizers.kind_measured": {"en": "measured", "zh": "实测"},
    "optimizers.kind_theory": {"en": "d₀·rᵏ, r predicted", "zh": "d₀·rᵏ，r 为预测值"},
    "optimizers.col_method": {"en": "method", "zh": "方法"},
    "optimizers.col_predicted": {"en": "predicted rate", "zh": "预测收敛率"},
    "optimizers.col_measured": {"en": "measured rate", "zh": "实测收敛率"},
    "optimizers.rates_caption": {
        "en": "Rate: the factor by which the distance to the optimum shrinks per step in the long run; a predicted "
              "rate below 1 converges, above 1 diverges. Measured: the mean factor per step over the second half of "
              "the steps before the distance reaches float noise. At its best α and β momentum is critically damped: "
              "its error falls like (a + b·k)·rᵏ, not rᵏ, so its measured rate reads slightly above r (up to a few "
              "per cent over a short run).",
        "zh": "收敛率：从长远看，到最优点的距离每步缩小的倍数；预测收敛率小于 1 则收敛，大于 1 则发散。实测值：距离降到"
              "浮点噪声之前那些步数的后一半上每步的平均倍数。在最佳 α 和 β 下动量法处于临界阻尼：误差按 (a + b·k)·rᵏ "
              "而不是 rᵏ 下降，所以它的实测值略高于 r（步数少时最多高几个百分点）。",
    },
    "optimizers.measured_above_one": {
        "en": "For {name} the measured rate {m:.4f} is 1 or more, yet theory says this run converges (predicted {p:.4f}): "
              "in its first {steps} steps the distance still rises and falls before its steady rate takes over. "
              "Give it more steps.",
        "zh": "{name}的实测收敛率 {m:.4f} 不小于 1，但理论表明这次运行是收敛的（预测值 {p:.4f}）：在前 {steps} 步里，"
              "距离仍在忽升忽降，稳定的收敛率还没有占主导。请增加步数。",
    },
    "optimizers.gd_diverges": {
        "en": "Gradient descent diverges: α·λ_max = {x:.4f} > 2, so every step multiplies the error along the steepest "
              "direction by |1 − α·λ_max| = {f:.4f} > 1.",
        "zh": "梯度下降发散：α·λ_max = {x:.4f} > 2，所以每一步都把最陡方向上的误差乘以 |1 − α·λ_max| = {f:.4f} > 1。",
    },
    "optimizers.momentum_diverges": {
        "en": "Momentum diverges: α·λ_max = {x:.4f} > 2·(1 + β) = {limit:.4f}, the limit of heavy ball's stability.",
        "zh": "动量法发散：α·λ_max = {x:.4f} > 2·(1 + β) = {limit:.4f}，超过了重球法的稳定界限。",
    },
    "optimizers.cut_short": {
        "en": "Its run was stopped after {steps} steps, once the distance had grown a trillion-fold.",
        "zh": "它在 {steps} 步后被停止，因为距离已经增大了一万亿倍。",
    },
    "optimizers.off_chart": {
        "en": "Off the chart: {name} leaves the window at step {step}; by step {last} it is {d} from the optimum "
              "(it started {d0} away). The distance chart shows its whole run.",
        "zh": "超出图框：{name}在第 {step} 步离开这个窗口；到第 {last} 步时它离最优点 {d}（起点距离为 {d0}）。"
              "距离图画出了它的全过程。",
    },
    "optimizers.slower": {
        "en": "Both converge, but off their best step sizes: each is slower than its best rate.",
        "zh": "两者都收敛，但不在最佳步长上：都比各自的最佳收敛率慢。",
    },
    # --- downloads
    "optimizers.dl_race": {"en": "Race history (CSV)", "zh": "竞速历史（CSV）"},
    "optimizers.dl_bowl": {"en": "Bowl paths (CSV)", "zh": "碗上的路径（CSV）"},
    # --- chart descriptions
    "chart.op_regions": {
        "en": "Decision regions of the network trained by {name}, with the data points.",
        "zh": "由 {name} 训练的网络的决策边界与区域，以及数据点。",
    },
    "chart.op_loss": {
        "en": "Training loss against step on a log scale, one line per optimizer.",
        "zh": "训练损失随步数的变化（对数坐标），每种优化器一条线。",
    },
    "chart.op_bowl": {
        "en": "The loss over (w, b) as shaded bands, with the paths of gradient descent and momentum from the same start.",
        "zh": "以色带表示 (w, b) 上的损失，以及梯度下降和动量法从同一起点出发的路径。",
    },
    "chart.op_distance": {
        "en": "Distance to the least-squares optimum against step on a log scale, measured and predicted, for gradient "
              "descent and momentum.",
        "zh": "到最小二乘最优点的距离随步数的变化（对数坐标），梯度下降与动量法的实测值和预测值。",
    },
}
