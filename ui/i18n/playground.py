"""Strings of the network playground lesson."""

STRINGS = {
    "playground.title": {"en": "Network playground", "zh": "神经网络游乐场"},
    "playground.intro": {
        "en": "TensorFlow Playground's picture of a network, trained by PyTorch: every neuron is drawn as a small map "
              "of its output over the plane, and the links between them are blue where the weight is positive, "
              "vermillion where it is negative, and as thick as the weight is large. With x₁ and x₂ as the only inputs, a "
              "neuron of the first hidden layer sees a point only through w₁x₁ + w₂x₂ + b, so its map changes across "
              "straight lines, and the layers after it combine them; other input features can bend them. Try the "
              "features, L1 and L2, and your own points.",
        "zh": "用 PyTorch 训练的 TensorFlow Playground 式网络图：每个神经元都画成一张小图，显示它在平面上的输出；"
              "神经元之间的连线，权重为正时是蓝色，为负时是朱红色，权重越大线越粗。当输入只有 x₁ 和 x₂ 时，"
              "第一个隐藏层的神经元只通过 w₁x₁ + w₂x₂ + b 看到一个点，所以它的小图沿着直线变化，后面的层再把这些直线组合起来；"
              "换用其他输入特征，这些线可能变弯。试试不同的输入特征、L1 与 L2 正则化，以及你自己的数据点。",
    },
    # data
    "playground.data": {"en": "Data", "zh": "数据"},
    "playground.task": {"en": "Problem type", "zh": "问题类型"},
    "playground.task_classify": {"en": "Classification", "zh": "分类"},
    "playground.task_regress": {"en": "Regression", "zh": "回归"},
    "playground.dataset": {"en": "Dataset", "zh": "数据集"},
    "playground.classes": {"en": "Number of classes", "zh": "类别数"},
    "playground.target_kind": {"en": "Target on the plane", "zh": "平面上的目标函数"},
    "playground.noise": {"en": "Noise", "zh": "噪声"},
    "playground.n_per_class": {"en": "Points per class", "zh": "每类的点数"},
    "playground.n_points": {"en": "Number of points", "zh": "点的个数"},
    "playground.seed": {"en": "Random seed", "zh": "随机种子"},
    "playground.test_fraction": {"en": "Share of points held out for testing", "zh": "留作测试的点的比例"},
    "playground.own_data": {"en": "Your own points (CSV)", "zh": "你自己的数据点（CSV）"},
    "playground.own_note": {
        "en": "A file and the points you click stay in this browser session: a link cannot carry them, so whoever "
              "opens your link sees the generated data.",
        "zh": "上传的文件和点击添加的点只保存在本次浏览器会话中：链接无法携带它们，打开你的链接的人看到的是自动生成的数据。",
    },
    "playground.upload": {"en": "A CSV file: x1, x2, label (at most {rows} rows)", "zh": "CSV 文件：x1、x2、标签（最多 {rows} 行）"},
    "playground.upload_help_classify": {
        "en": "Three numeric columns; the label is a class number 0 to {k}. A header row is optional; commas, "
              "semicolons or tabs. At most {rows} rows and {kb} KB.",
        "zh": "三列数字；标签是 0 到 {k} 的类别编号。表头可有可无；分隔符可以是逗号、分号或制表符。最多 {rows} 行、{kb} KB。",
    },
    "playground.upload_help_regress": {
        "en": "Three numeric columns; the label is the real-valued target. A header row is optional; commas, "
              "semicolons or tabs. At most {rows} rows and {kb} KB.",
        "zh": "三列数字；标签是实数目标值。表头可有可无；分隔符可以是逗号、分号或制表符。最多 {rows} 行、{kb} KB。",
    },
    "playground.csv_loaded": {"en": "{n} points from {name}.", "zh": "已读入 {name} 中的 {n} 个点。"},
    "playground.csv_refused": {
        "en": "{name} was not used: {why} The generated points are shown instead.",
        "zh": "未使用 {name}：{why}目前显示的是自动生成的数据。",
    },
    "playground.csv.too_big": {
        "en": "the file is {size_kb} KB, more than the {max_kb} KB allowed.",
        "zh": "文件大小为 {size_kb} KB，超过了 {max_kb} KB 的上限。",
    },
    "playground.csv.empty": {"en": "the file has no data rows.", "zh": "文件中没有数据行。"},
    "playground.csv.not_text": {
        "en": "this is not a text (UTF-8) file. Save it as CSV and try again.",
        "zh": "这不是文本（UTF-8）文件。请另存为 CSV 后再试。",
    },
    "playground.csv.parse": {
        "en": "the rows could not be read as a table (do all rows have the same number of columns?).",
        "zh": "无法按表格读取这些行（每一行的列数都相同吗？）。",
    },
    "playground.csv.columns3": {
        "en": "it needs exactly three columns (x1, x2 and the label), and this file has {found}.",
        "zh": "需要恰好三列（x1、x2 和标签），而这个文件有 {found} 列。",
    },
    "playground.csv.not_numeric": {
        "en": "line {row} has “{value}”, which is not a number.",
        "zh": "第 {row} 行的“{value}”不是数字。",
    },
    "playground.csv.not_finite": {
        "en": "line {row} holds NaN or infinity; every value must be a finite number.",
        "zh": "第 {row} 行含有 NaN 或无穷大；每个值都必须是有限的数字。",
    },
    "playground.csv.too_many_rows": {"en": "it has more than {max_rows} rows.", "zh": "行数超过了 {max_rows} 行的上限。"},
    "playground.csv.too_few_rows": {"en": "training needs at least two points.", "zh": "训练至少需要两个点。"},
    "playground.csv.too_large_values": {
        "en": "some values exceed {max} in size; rescale the columns first.",
        "zh": "有的数值绝对值超过 {max}；请先把数据缩放到较小的范围。",
    },
    "playground.csv.label_not_class": {
        "en": "line {row} has the label “{value}”; a class label is a whole number 0, 1, 2, …",
        "zh": "第 {row} 行的标签是“{value}”；类别标签必须是 0、1、2 …… 这样的非负整数。",
    },
    "playground.csv.too_many_classes": {
        "en": "class labels go up to {max} at most here.", "zh": "这里的类别标签最大只能到 {max}。",
    },
    "playground.csv.one_class": {
        "en": "every point has the same label; a classifier needs at least two classes.",
        "zh": "所有点的标签都相同；分类至少需要两个类别。",
    },
    # features, network, training
    "playground.features": {"en": "Features", "zh": "特征"},
    "playground.inputs": {"en": "Inputs to the first layer", "zh": "第一层的输入"},
    "playground.inputs_help": {
        "en": "Columns computed from each point (x₁, x₂). With x₁² and x₂², a network with no hidden layer "
              "separates the concentric circles, with any number of classes, while the noise keeps the rings apart "
              "(up to about 0.3; as the noise nears 1 the rings overlap and no model separates them); with x₁ and x₂ alone "
              "it cannot.",
        "zh": "由每个点 (x₁, x₂) 算出的输入列。有了 x₁² 和 x₂²，只要噪声没有让圆环相互重叠（噪声不超过约 0.3；"
              "噪声接近 1 时圆环重叠，任何模型都分不开），没有隐藏层的网络也能分开任意类别数的同心圆；只有 x₁ 和 x₂ 则做不到。",
    },
    "playground.no_features": {
        "en": "No feature chosen: the network sees x₁ and x₂.", "zh": "没有选择特征：网络使用 x₁ 和 x₂。",
    },
    "playground.network": {"en": "Network", "zh": "网络"},
    "playground.layers": {"en": "Hidden layers", "zh": "隐藏层数"},
    "playground.width": {"en": "Neurons in layer {i}", "zh": "第 {i} 层的神经元数"},
    "playground.activation": {"en": "Activation", "zh": "激活函数"},
    "playground.training": {"en": "Training", "zh": "训练设置"},
    "playground.optimizer": {"en": "Optimizer", "zh": "优化器"},
    "playground.lr": {"en": "Learning rate (log scale)", "zh": "学习率（对数坐标）"},
    "playground.reg": {"en": "Regularisation", "zh": "正则化"},
    "playground.reg_help": {
        "en": "Adds rate × Σ|w| (L1) or rate × ½Σw² (L2) over every weight (not the biases) to the loss. "
              "L1 pulls a weight toward 0 with the same force whatever its size, so weights the data pull on less than that "
              "are pushed to within about one step of 0. L2 pulls in proportion to the weight, a pull that fades as "
              "the weight shrinks: with plain SGD and small rates it shrinks weights, and only those the data stop "
              "using fade to 0, slowly. Adam and RMSprop rescale both pulls, "
              "and with them, or at larger rates with any optimizer, L2 can zero weights too. The “Weights ≈ 0” figure "
              "counts what your run does.",
        "zh": "把 rate × Σ|w|（L1）或 rate × ½Σw²（L2）加到损失函数上，对所有权重求和（不含偏置）。"
              "L1 对每个权重的拉力大小相同，与权重大小无关，所以数据对它的拉力比这小的权重会被推到离 0 约一步之内。"
              "L2 的拉力与权重成正比，权重越小拉力越弱：用普通 SGD 且两个系数都较小时，它让权重变小，"
              "只有数据不再使用的权重才会慢慢趋于 0。"
              "Adam 和 RMSprop 会重新缩放这两种拉力；用它们时，或者系数较大时（任何优化器），L2 也可能把权重变成 0。"
              "“≈ 0 的权重”一项显示的是你这次训练的实际情况。",
    },
    "playground.reg_rate": {"en": "Regularisation rate (log scale)", "zh": "正则化系数（对数坐标）"},
    "playground.batch": {"en": "Batch size", "zh": "批大小"},
    "playground.full_batch": {"en": "all", "zh": "全批量"},
    "playground.view": {"en": "Display", "zh": "显示"},
    "playground.discrete": {"en": "Discretize output", "zh": "离散化输出"},
    "playground.discrete_help": {
        "en": "Each region in its predicted class's full colour, instead of shaded by the model's probability.",
        "zh": "每个区域用预测类别的纯色显示，而不是按模型给出的概率深浅着色。",
    },
    "playground.show_test": {"en": "Show test points", "zh": "显示测试点"},
    "playground.changes_restart": {
        "en": "Changing the data, the features, the network, the optimizer, a rate or the batch size starts training "
              "afresh; the steps per frame and the display switches do not.",
        "zh": "修改数据、特征、网络、优化器、学习率或正则化系数、批大小后，训练会从头开始；每帧步数和显示开关不会。",
    },
    # the board
    "playground.step": {"en": "Step", "zh": "步数"},
    "playground.epoch": {"en": "Epoch", "zh": "轮数（epoch）"},
    "playground.loss": {"en": "Training loss", "zh": "训练损失"},
    "playground.test_loss": {"en": "Test loss", "zh": "测试损失"},
    "playground.acc": {"en": "Accuracy", "zh": "准确率"},
    "playground.test_acc": {"en": "Test accuracy", "zh": "测试准确率"},
    "playground.near_zero": {"en": "Weights ≈ 0", "zh": "≈ 0 的权重"},
    "playground.near_zero_help": {
        "en": "{n:,} of the {total:,} weights (biases not counted) have |w| < {tol:g}; their links fade from the diagram. "
              "Regularisation can raise this share (see its help); how much depends on the optimizer and the rates.",
        "zh": "{total:,} 个权重（不含偏置）中有 {n:,} 个满足 |w| < {tol:g}，对应的连线在网络图中淡去。"
              "正则化可能让这个比例增加（见正则化的说明），增加多少取决于优化器和各个系数。",
    },
    "playground.network_title": {"en": "The network", "zh": "网络"},
    "playground.regions_title": {"en": "Decision regions", "zh": "决策区域"},
    "playground.plane_title": {"en": "The network's output over the plane", "zh": "网络在平面上的输出"},
    "playground.diagram_caption": {
        "en": "Each small map is one neuron's output over the plane (blue positive, vermillion negative, white 0; "
              "one colour scale per layer). Click a map, or choose below, to see it large.",
        "zh": "每张小图是一个神经元在平面上的输出（蓝色为正，朱红色为负，白色为 0；每层共用一个色标）。点击小图或在下方选择，可以放大查看。",
    },
    "playground.diagram_some_hidden": {
        "en": "Wide layers show their {k} strongest neurons, by the size of their outgoing weights.",
        "zh": "较宽的层只画出输出权重最大的 {k} 个神经元。",
    },
    "playground.more_units": {"en": "+{n} more", "zh": "另 {n} 个"},
    "playground.more_units_short": {"en": "+{n}", "zh": "+{n}"},
    "playground.col_input": {"en": "Input", "zh": "输入"},
    "playground.col_layer": {"en": "Layer {n}", "zh": "第 {n} 层"},
    "playground.col_output": {"en": "Output", "zh": "输出"},
    "playground.unit_name": {"en": "layer {layer}, neuron {n}", "zh": "第 {layer} 层第 {n} 个神经元"},
    "playground.output_value": {"en": "output", "zh": "输出"},
    "playground.positive": {"en": "positive", "zh": "正"},
    "playground.negative": {"en": "negative", "zh": "负"},
    "playground.weight": {"en": "weight", "zh": "权重"},
    "playground.class_name": {"en": "class {n}", "zh": "类别 {n}"},
    "playground.class_title": {"en": "class", "zh": "类别"},
    "playground.target": {"en": "target", "zh": "目标值"},
    "playground.train_points": {"en": "training points", "zh": "训练点"},
    "playground.test_points": {"en": "test points", "zh": "测试点"},
    "playground.series_train": {"en": "training", "zh": "训练集"},
    "playground.series_test": {"en": "test", "zh": "测试集"},
    "playground.unit": {"en": "Neuron shown large", "zh": "放大显示的神经元"},
    "playground.unit_help": {
        "en": "Any neuron of the network, including those a wide layer does not draw.",
        "zh": "网络中的任意神经元，包括较宽的层没有画出的那些。",
    },
    "playground.unit_value": {"en": "output", "zh": "输出值"},
    "playground.add_title": {"en": "Add points by clicking the plane", "zh": "点击平面添加数据点"},
    "playground.add_class": {"en": "Class of the next points", "zh": "新点的类别"},
    "playground.add_value": {"en": "Target of the next points", "zh": "新点的目标值"},
    "playground.add_help": {
        "en": "{n} added of at most {most}. Each click adds a point at the centre of the square you click (the plane is "
              "cut into {res} × {res}) and starts training afresh. "
              "Added points stay in this browser session: a link does not carry them.",
        "zh": "已添加 {n} 个点，最多 {most} 个。平面被分成 {res} × {res} 个小方格，每次点击都会在所点方格的中心添加一个点，并从头开始训练。"
              "添加的点只保存在本次浏览器会话中，链接不会携带它们。",
    },
    "playground.clear_added": {"en": "Remove the added points", "zh": "删除添加的点"},
    "playground.curve_title": {"en": "Loss", "zh": "损失"},
    "playground.step_axis": {"en": "step", "zh": "步数"},
    "playground.loss_axis": {"en": "loss (log scale)", "zh": "损失（对数坐标）"},
    "playground.diverged": {
        "en": "The loss became NaN or infinite at step {step}: training stopped. Lower the learning rate and press Reset.",
        "zh": "损失在第 {step} 步变成了 NaN 或无穷大，训练已停止。请调低学习率，然后按“重置”。",
    },
    "playground.stopped_diverged": {
        "en": "Stopped: the loss became NaN or infinite. Lower the learning rate and press Reset.",
        "zh": "已停止：损失变成了 NaN 或无穷大。请调低学习率，然后按“重置”。",
    },
    "playground.stopped_converged": {
        "en": "Stopped at step {step:,}: the training loss ({loss:.4f}) stopped falling (by less than 0.01% over the "
              "last {window} steps), well below where it started. Press Play to train on.",
        "zh": "已在第 {step:,} 步停止：训练损失（{loss:.4f}）已不再下降（最近 {window} 步内降幅不到 0.01%），"
              "并且远低于起始值。按“播放”可以继续训练。",
    },
    "playground.dl_points": {"en": "Points (CSV)", "zh": "数据点（CSV）"},
    "playground.dl_history": {"en": "Training history (CSV)", "zh": "训练记录（CSV）"},
    "playground.code_own_data": {
        "en": "The code draws the generated points: your file and clicked points stay in this page's session.",
        "zh": "这段代码使用自动生成的数据点：你上传的文件和点击添加的点只保存在本页的会话中。",
    },
    # charts' text alternatives
    "chart.pg_network": {
        "en": "The network: each neuron's output over the plane as a small map, links coloured by the weight's "
              "sign and as thick as its size.",
        "zh": "网络图：每个神经元在平面上的输出画成一张小图，连线颜色表示权重的正负，粗细表示权重大小。",
    },
    "chart.pg_regions": {
        "en": "Decision regions of the network over the plane, with the data points.",
        "zh": "网络在平面上的决策区域，以及数据点。",
    },
    "chart.pg_plane": {
        "en": "The network's output over the plane as colours, with the points coloured by their target.",
        "zh": "网络在平面上的输出（用颜色表示），数据点按目标值着色。",
    },
    "chart.pg_unit": {"en": "The output of {unit} over the plane, large.", "zh": "{unit}在平面上的输出（放大图）。"},
    "chart.pg_loss": {
        "en": "Loss against training step, on a log scale, for the training and test points.",
        "zh": "损失随训练步数的变化（对数坐标），分别对训练点和测试点。",
    },
}
