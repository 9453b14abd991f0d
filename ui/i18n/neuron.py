"""Strings of the neuron page."""

STRINGS = {
    "neuron.title": {"en": 'Neurons and networks', "zh": '神经元与网络'},
    "neuron.intro": {
        "en": "An artificial neuron multiplies its inputs by weights, adds a bias and passes the sum through an activation: t = f(Wᵀa + b). Set the weights yourself, see the output over the whole input plane, then follow a small fully connected network's forward pass layer by layer.",
        "zh": '人工神经元把输入乘以权重、加上偏置，再把结果送入激活函数：t = f(Wᵀa + b)。在这里亲手设置权重，观察神经元在整个输入平面上的输出，再一层一层地跟踪一个小型全连接网络的前向传播。',
    },
    "neuron.bio_header": {"en": "A biological neuron, and the artificial one modelled on it",
                          "zh": "生物神经元，以及仿照它的人工神经元"},
    "neuron.bio_table": {
        "en": "| Biological neuron | Artificial neuron |\n|---|---|\n"
              "| dendrites receive signals from other cells | inputs a₁, a₂, … |\n"
              "| synapses make some signals count more than others | weights w₁, w₂, … |\n"
              "| the cell body adds up what arrives | weighted sum z = Wᵀa + b |\n"
              "| it fires only past a threshold | bias b and activation f |\n"
              "| the axon carries the spike on | output t = f(z), the next layer's input |\n\n"
              "The analogy stops there: a real neuron sends timed spikes and learns by chemistry, "
              "an artificial one passes a number on and learns by gradient descent.",
        "zh": "| 生物神经元 | 人工神经元 |\n|---|---|\n"
              "| 树突接收其他细胞传来的信号 | 输入 a₁、a₂、… |\n"
              "| 突触让有些信号比另一些更重要 | 权重 w₁、w₂、… |\n"
              "| 细胞体把到达的信号加起来 | 加权和 z = Wᵀa + b |\n"
              "| 超过阈值才会放电 | 偏置 b 和激活函数 f |\n"
              "| 轴突把冲动传下去 | 输出 t = f(z)，成为下一层的输入 |\n\n"
              "类比到此为止：真实的神经元发送有时序的脉冲、靠化学过程学习；"
              "人工神经元只传递一个数，靠梯度下降学习。",
    },
    "neuron.one_header": {"en": "One neuron", "zh": "单个神经元"},
    "neuron.input": {"en": "Input x{i}", "zh": "输入 x{i}"},
    "neuron.weight": {"en": "Weight w{i}", "zh": "权重 w{i}"},
    "neuron.bias": {"en": "Bias b", "zh": "偏置 b"},
    "neuron.activation": {"en": "Activation f", "zh": "激活函数 f"},
    "neuron.param": {"en": "Activation parameter {name}", "zh": "激活函数参数 {name}"},
    "neuron.z": {"en": "sum z", "zh": "加权和 z"},
    "neuron.y": {"en": "output t", "zh": "输出 t"},
    "neuron.x1_axis": {"en": "input x1", "zh": "输入 x1"},
    "neuron.x2_axis": {"en": "input x2", "zh": "输入 x2"},
    "neuron.no_line": {
        "en": "z = 0 nowhere in this square: the neuron gives almost the same answer everywhere here. Change w or b.",
        "zh": "在这个正方形区域内，z 处处不为 0：神经元在这里的输出几乎处处相同。调整 w 或 b 试试。",
    },
    "neuron.line_step": {
        "en": "The colour is the output over every input (x1, x2); the black dot is the input above. The dashed "
              "line is where z = 0: the step outputs 1 on the side the arrow w points to and 0 on the other, "
              "so this line is the neuron's decision line. Tilting w turns it; the bias b shifts it.",
        "zh": "颜色表示每个输入 (x1, x2) 对应的输出；黑点是上面设置的输入。虚线是 z = 0 的位置："
              "阶跃函数在箭头 w 指向的一侧输出 1，另一侧输出 0，所以这条线就是神经元的决策边界。"
              "转动 w 会旋转这条线；偏置 b 会平移它。",
    },
    "neuron.line_other": {
        "en": "The colour is the output over every input (x1, x2); the black dot is the input above. The dashed "
              "line is where z = 0, where the output is f(0) = {f0:.4g}; z grows in the direction of the arrow w. "
              "Tilting w turns the line; the bias b shifts it. Pick the step to see it as a decision line.",
        "zh": "颜色表示每个输入 (x1, x2) 对应的输出；黑点是上面设置的输入。虚线是 z = 0 的位置，"
              "那里的输出为 f(0) = {f0:.4g}；沿箭头 w 的方向 z 增大。转动 w 会旋转这条线；偏置 b 会平移它。"
              "选择阶跃函数，可以看到它就是决策边界。",
    },
    "neuron.net_header": {"en": "A small fully connected network", "zh": "小型全连接网络"},
    "neuron.net_intro": {
        "en": "Neurons side by side form a layer; layers one after another form a network. In a fully connected "
              "(linear) layer every unit takes every output of the layer before. Step through the forward pass: "
              "each Linear computes X Wᵀ + b, each activation applies f to every number.",
        "zh": "并排的神经元组成一层，一层接一层组成网络。在全连接（线性）层中，每个神经元都接收上一层的全部输出。"
              "逐步执行前向传播：每个 Linear 计算 X Wᵀ + b，每个激活函数对每个数分别作用 f。",
    },
    "neuron.n_inputs": {"en": "Inputs", "zh": "输入数"},
    "neuron.n_hidden": {"en": "Hidden layers", "zh": "隐藏层数"},
    "neuron.width": {"en": "Units per hidden layer", "zh": "每个隐藏层的神经元数"},
    "neuron.n_outputs": {"en": "Outputs", "zh": "输出数"},
    "neuron.batch": {"en": "Samples in the batch", "zh": "批量中的样本数"},
    "neuron.batch_help": {
        "en": "A network takes a batch of inputs at once: the first dim of every tensor is the sample.",
        "zh": "网络一次处理一批输入：每个张量的第一个维度是样本。",
    },
    "neuron.seed": {"en": "Random seed", "zh": "随机种子"},
    "neuron.net_activation": {"en": "Activation between layers", "zh": "层间激活函数"},
    "neuron.stage_input": {"en": "0 · input X", "zh": "0 · 输入 X"},
    "neuron.prev": {"en": "Back", "zh": "上一步"},
    "neuron.next": {"en": "Next", "zh": "下一步"},
    "neuron.stage": {"en": "Forward pass up to", "zh": "前向传播进行到"},
    "neuron.sample": {"en": "Sample drawn", "zh": "图中样本"},
    "neuron.sample_help": {
        "en": "Which row of the batch the diagram shows; the table below shows them all.",
        "zh": "图中显示批量中的哪一行；下方的表格列出全部样本。",
    },
    "neuron.positive": {"en": "positive", "zh": "正"},
    "neuron.negative": {"en": "negative", "zh": "负"},
    "neuron.col_input": {"en": "input", "zh": "输入层"},
    "neuron.col_output": {"en": "output", "zh": "输出层"},
    "neuron.col_hidden": {"en": "hidden {i}", "zh": "隐藏层 {i}"},
    "neuron.weight_legend": {"en": "weight", "zh": "权重"},
    "neuron.value": {"en": "value", "zh": "数值"},
    "neuron.diagram_caption": {
        "en": "A link's colour is its weight's sign and its width the weight's size; a unit shows sample {sample}'s "
              "value so far (a hidden unit shows z until its activation is applied). Faded: not computed yet.",
        "zh": "连线的颜色表示权重的正负，粗细表示权重的大小；神经元中显示样本 {sample}（从 0 开始编号）目前的数值"
              "（隐藏层神经元在激活之前显示 z）。淡色部分：尚未计算。",
    },
    "neuron.stage_header": {"en": "Step {name}", "zh": "步骤 {name}"},
    "neuron.explain_input": {
        "en": "The input X: {batch} sample(s) of {n} number(s) each, one row per sample.",
        "zh": "输入 X：{batch} 个样本，每个样本 {n} 个数，每行一个样本。",
    },
    "neuron.explain_linear": {
        "en": "X Wᵀ + b: ({batch}, {n_in}) @ ({n_in}, {n_out}) → ({batch}, {n_out}). Each of the {n_out} units is "
              "one neuron's weighted sum, for every sample at once.",
        "zh": "X Wᵀ + b：({batch}, {n_in}) @ ({n_in}, {n_out}) → ({batch}, {n_out})。{n_out} 个输出"
              "各是一个神经元的加权和，所有样本同时计算。",
    },
    "neuron.explain_activation": {
        "en": "{name} applied to every number separately: the shape does not change.",
        "zh": "对每个数分别应用 {name}：形状不变。",
    },
    "neuron.shape_line": {"en": "shape: `{shape}`", "zh": "形状：`{shape}`"},
    "neuron.params_header": {"en": "Parameters per layer", "zh": "每层的参数"},
    "neuron.col_layer": {"en": "Linear", "zh": "线性层"},
    "neuron.col_wshape": {"en": "W shape (out, in)", "zh": "W 形状 (out, in)"},
    "neuron.col_bshape": {"en": "b shape", "zh": "b 形状"},
    "neuron.col_weights": {"en": "weights", "zh": "权重数"},
    "neuron.col_biases": {"en": "biases", "zh": "偏置数"},
    "neuron.col_params": {"en": "total", "zh": "合计"},
    "neuron.total": {
        "en": "Total: **{table}** = out·in + out summed over the layers; "
              "`sum(p.numel() for p in model.parameters())` = **{total}**.",
        "zh": "合计：**{table}** = 各层 out·in + out 之和；"
              "`sum(p.numel() for p in model.parameters())` = **{total}**。",
    },
    "neuron.shapes_header": {"en": "**Every step's shape**", "zh": "**每一步的形状**"},
    "neuron.col_stage": {"en": "step", "zh": "步骤"},
    "neuron.col_shape": {"en": "shape", "zh": "形状"},
    "neuron.dl_plane": {"en": "Neuron over the plane (CSV)", "zh": "神经元在输入平面上的输出（CSV）"},
    "neuron.dl_forward": {"en": "Forward-pass tensors (CSV)", "zh": "前向传播各步的张量（CSV）"},
}
