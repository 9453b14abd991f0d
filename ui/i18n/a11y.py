"""Text alternatives: what each chart shows, for screen readers (Vega's aria-label), and table headers."""

STRINGS = {
    "neuron.col_sample": {"en": "sample", "zh": "样本"},
    "home.lessons_header": {"en": "Lessons", "zh": "课程内容"},
    "chart.neuron_plane": {
        "en": "Heat map of the neuron's output t = f(w₁x₁ + w₂x₂ + b) over the plane of its two inputs x₁ and x₂, "
              "with the line z = 0, the weight vector w as an arrow and the current input as a point.",
        "zh": "热图：神经元的输出 t = f(w₁x₁ + w₂x₂ + b) 在两个输入 x₁、x₂ 构成的平面上的取值，并画出直线 z = 0、"
              "表示权重向量 w 的箭头和当前输入的点。",
    },
    "chart.neuron_network": {
        "en": "Diagram of the network, layer by layer: each neuron shows its value for sample {sample}; each link's "
              "colour is its weight's sign and its width the weight's size.",
        "zh": "网络结构图，逐层排列：每个神经元显示样本 {sample} 的数值；连线的颜色表示权重的正负，粗细表示权重的大小。",
    },
    "chart.tensor_grid": {
        "en": "The tensor {name} of shape {shape} as a grid, one cell per element, coloured by its value.",
        "zh": "张量 {name}（形状 {shape}）的网格图：每个元素一格，颜色表示数值。",
    },
    "chart.act_f": {
        "en": "Line chart of the activation functions {names} against x.",
        "zh": "折线图：激活函数 {names} 随 x 的变化。",
    },
    "chart.act_df": {
        "en": "Line chart of the derivatives of {names} against x, by autograd and by the written formula.",
        "zh": "折线图：{names} 的导数随 x 的变化，分别由自动求导和解析导数算出。",
    },
    "chart.act_depth": {
        "en": "Line chart, on a logarithmic scale, of the share of the gradient left after each layer for {names}, "
              "with the sigmoid bound 0.25^L.",
        "zh": "折线图（对数坐标）：{names} 每经过一层后剩余的梯度比例，并画出 sigmoid 的上界 0.25^L。",
    },
    "chart.softmax": {
        "en": "Bar chart of the softmax probability of each class.",
        "zh": "柱状图：每个类别的 softmax 概率。",
    },
    "chart.init_histogram": {
        "en": "Histogram of the {n:,} weights this scheme drew, with the density theory predicts.",
        "zh": "直方图：按这种方法抽取的 {n:,} 个权重，并画出理论密度。",
    },
    "chart.init_depth": {
        "en": "Line chart, on a logarithmic scale, of the standard deviation of the activations (forward) and of "
              "the gradients (backward) at each of {depth} layers.",
        "zh": "折线图（对数坐标）：{depth} 层中每一层的激活值（前向）和梯度（反向）的标准差。",
    },
    "chart.init_layers": {
        "en": "Histograms of the activation values at the chosen layers.",
        "zh": "直方图：所选各层的激活值。",
    },
    "chart.init_symmetry": {
        "en": "Heat map of each hidden neuron's weights at the chosen training step.",
        "zh": "热图：所选训练步时每个隐藏层神经元的权重。",
    },
    "chart.reg_fit": {
        "en": "Scatter plot of the data points, with the lines: {lines}.",
        "zh": "散点图：数据点，以及这些直线：{lines}。",
    },
    "chart.reg_surface": {
        "en": "Heat map of the loss over the weight w and the bias b (colour on a logarithmic scale), with the path "
              "gradient descent has taken.",
        "zh": "热图：损失函数在权重 w 和偏置 b 上的取值（颜色为对数坐标），以及梯度下降走过的路径。",
    },
    "chart.reg_loss": {
        "en": "Line chart of the loss at each step of gradient descent.",
        "zh": "折线图：梯度下降每一步的损失。",
    },
    "chart.sp_regions": {
        "en": "Decision regions of the network over the plane (x₁, x₂), coloured by the predicted class, paler "
              "where it is unsure, with a sample of the data points.",
        "zh": "网络在平面 (x₁, x₂) 上的决策区域：按预测类别着色，越不确定颜色越浅，并画出部分数据点。",
    },
    "chart.sp_confusion": {
        "en": "Confusion matrix: how many points of each true class are predicted as each class.",
        "zh": "混淆矩阵：每个真实类别的点被预测为各个类别的数量。",
    },
    "chart.sp_loss": {
        "en": "Line chart, on a logarithmic scale, of the cross-entropy loss at each training step.",
        "zh": "折线图（对数坐标）：每个训练步的交叉熵损失。",
    },
    "chart.sp_accuracy": {
        "en": "Line chart of the accuracy at each training step.",
        "zh": "折线图：每个训练步的准确率。",
    },
    "chart.sp_compare": {
        "en": "Decision regions of the course's model {name} after 1000 training steps, with a sample of the data.",
        "zh": "课程模型 {name} 训练 1000 步后的决策区域，并画出部分数据点。",
    },
}
