"""Strings of the spiral page."""

STRINGS = {
    "spiral.title": {"en": 'Spiral classification', "zh": '螺旋分类'},
    "spiral.intro": {
        "en": '{n} classes of points on interleaved spirals, and a small neural network learning to tell them apart. The decision regions are redrawn as it trains; compare a linear model with one and two hidden layers.',
        "zh": '{n} 类点分布在交错的螺旋上，一个小型神经网络学习把它们区分开。训练过程中决策区域会不断重绘；可以比较线性模型与一层、两层隐藏层的网络。',
    },
    # data
    "spiral.data": {"en": "Data", "zh": "数据"},
    "spiral.dataset": {"en": "Dataset", "zh": "数据集"},
    "spiral.ds.spiral": {"en": "Spirals", "zh": "螺旋"},
    "spiral.ds.circles": {"en": "Concentric circles", "zh": "同心圆"},
    "spiral.ds.blobs": {"en": "Gaussian blobs", "zh": "高斯团簇"},
    "spiral.ds.moons": {"en": "Two moons", "zh": "双月形"},
    "spiral.ds.xor": {"en": "XOR quadrants", "zh": "异或（XOR）象限"},
    "spiral.classes": {"en": "Classes", "zh": "类别数"},
    "spiral.classes_fixed": {"en": "This dataset always has {n} classes.", "zh": "该数据集固定为 {n} 个类别。"},
    "spiral.n_per_class": {"en": "Points per class", "zh": "每类点数"},
    "spiral.noise": {"en": "Noise", "zh": "噪声"},
    "spiral.seed": {"en": "Seed (data and weights)", "zh": "随机种子（数据与权重）"},
    "spiral.test_fraction": {"en": "Held-out test share", "zh": "测试集比例"},
    "spiral.test_fraction_help": {
        "en": "0 trains on all the points, as the course does. Above 0, that share is kept out of training and "
              "shown as triangles.",
        "zh": "取 0 时用全部数据训练，与课程一致；大于 0 时按该比例留出测试点，不参与训练，图中以三角形显示。",
    },
    # model
    "spiral.model": {"en": "Model", "zh": "模型"},
    "spiral.preset": {"en": "Architecture", "zh": "网络结构"},
    "spiral.custom": {"en": "Your own", "zh": "自定义"},
    "spiral.layers": {"en": "Hidden layers", "zh": "隐藏层数"},
    "spiral.width": {"en": "Units in hidden layer {i}", "zh": "第 {i} 个隐藏层的神经元数"},
    "spiral.activation": {"en": "Activation", "zh": "激活函数"},
    "spiral.init": {"en": "Weight initialisation", "zh": "权重初始化"},
    "spiral.summary": {"en": "Model summary", "zh": "模型结构摘要"},
    "spiral.col_layer": {"en": "Layer (type)", "zh": "层（类型）"},
    "spiral.col_shape": {"en": "Output shape", "zh": "输出形状"},
    "spiral.col_params": {"en": "Parameters", "zh": "参数量"},
    "spiral.total_params": {"en": "Total parameters: **{n:,}**", "zh": "参数总量：**{n:,}**"},
    # training
    "spiral.training": {"en": "Training", "zh": "训练"},
    "spiral.optimizer": {"en": "Optimizer", "zh": "优化器"},
    "spiral.lr": {"en": "Learning rate", "zh": "学习率"},
    "spiral.wd": {"en": "Weight decay", "zh": "权重衰减"},
    "spiral.batch": {"en": "Batch size", "zh": "批大小"},
    "spiral.full_batch": {"en": "all (full batch)", "zh": "全部（全批量）"},
    "spiral.auto": {"en": "auto", "zh": "自动"},
    "spiral.spf_help": {
        "en": "Optimizer updates between two redraws. More steps per frame train faster; fewer show each move. "
              "Auto trains as many as leave time to redraw about 30 times a second.",
        "zh": "两次重绘之间的参数更新次数。每帧步数越多训练越快，越少越能看清每一步的变化。"
              "“自动”会在保证每秒约重绘 30 次的前提下尽量多训练。",
    },
    "spiral.changes_restart": {
        "en": "Changing the data, the model or the training settings starts a new run.",
        "zh": "修改数据、模型或训练设置都会从头开始新的训练。",
    },
    # live view
    "spiral.step": {"en": "Step", "zh": "步数"},
    "spiral.loss": {"en": "Loss", "zh": "损失"},
    "spiral.acc": {"en": "Accuracy", "zh": "准确率"},
    "spiral.test_acc": {"en": "Test accuracy", "zh": "测试准确率"},
    "spiral.no_test": {
        "en": "No test set: raise the held-out test share to keep some points out of training.",
        "zh": "没有测试集：调高“测试集比例”即可留出一部分点不参与训练。",
    },
    "spiral.status": {
        "en": "Training on **{device}** · {rate} steps per second (training alone, without drawing)",
        "zh": "在 **{device}** 上训练 · 每秒 {rate} 步（仅训练，不含绘图）",
    },
    "spiral.regions": {"en": "Decision regions", "zh": "决策区域"},
    "spiral.regions_caption": {
        "en": "Each spot of the plane takes the colour of the class the network predicts there, paler where it "
              "is unsure; the dots are the data.",
        "zh": "平面上每一处都涂成网络在该处预测的类别颜色，网络越不确定颜色越浅；圆点是数据点。",
    },
    "spiral.class_name": {"en": "class {n}", "zh": "类别 {n}"},
    "spiral.class_title": {"en": "Class", "zh": "类别"},
    "spiral.train_points": {"en": "training point", "zh": "训练点"},
    "spiral.test_points": {"en": "test point", "zh": "测试点"},
    "spiral.curves": {"en": "Loss and accuracy", "zh": "损失与准确率"},
    "spiral.step_axis": {"en": "step", "zh": "步数"},
    "spiral.loss_axis": {"en": "cross-entropy loss", "zh": "交叉熵损失"},
    "spiral.acc_axis": {"en": "accuracy", "zh": "准确率"},
    "spiral.series_train": {"en": "training", "zh": "训练集"},
    "spiral.series_test": {"en": "test", "zh": "测试集"},
    "spiral.confusion": {"en": "Confusion matrix", "zh": "混淆矩阵"},
    "spiral.confusion_on_test": {"en": "On the held-out test points.", "zh": "在留出的测试点上统计。"},
    "spiral.confusion_on_all": {"en": "On all the points.", "zh": "在全部数据点上统计。"},
    "spiral.true_axis": {"en": "true class", "zh": "真实类别"},
    "spiral.pred_axis": {"en": "predicted class", "zh": "预测类别"},
    "spiral.count": {"en": "points", "zh": "点数"},
    "spiral.diverged": {
        "en": "The loss became NaN (not a number) at step {step}: the learning rate {lr:g} is too large for "
              "{opt}, and the weights blew up. Training stopped; the charts show the last frame before that. Lower "
              "the learning rate (or choose Adam), then press Reset.",
        "zh": "第 {step} 步时损失变成了 NaN（非数值）：对 {opt} 来说学习率 {lr:g} 太大，权重发散了。训练已停止，图中显示的是"
              "发散前的最后一帧。请调低学习率（或改用 Adam），再按“重置”。",
    },
    "spiral.stopped_diverged": {
        "en": "Training diverged; playing stopped.",
        "zh": "训练发散，播放已停止。",
    },
    "spiral.intro_other": {
        "en": '{n} classes of points ({dataset}), and a small neural network learning to tell them apart. The '
              'decision regions are redrawn as it trains; compare a linear model with one and two hidden layers.',
        "zh": '{n} 类点（{dataset}），一个小型神经网络学习把它们区分开。训练过程中决策区域会不断重绘；'
              '可以比较线性模型与一层、两层隐藏层的网络。',
    },
    "spiral.regions_caption_sample": {
        "en": "Each spot of the plane takes the colour of the class the network predicts there, paler where it "
              "is unsure; the dots are a sample of the data: {shown:,} of its {total:,} points.",
        "zh": "平面上每一处都涂成网络在该处预测的类别颜色，网络越不确定颜色越浅；圆点是数据的一个样本："
              "共 {total:,} 个点，画出了其中 {shown:,} 个。",
    },
    "spiral.stopped_converged": {
        "en": "Training has converged: the loss fell from {first:.4f} to {loss:.4f} and has stopped falling. "
              "Playing stopped.",
        "zh": "训练已收敛：损失从 {first:.4f} 降到 {loss:.4f} 后不再下降，播放已停止。",
    },
    "spiral.stopped_rising": {
        "en": "Playing stopped: the loss does not settle. It is {loss:.4f} now, against {first:.4f} at the start "
              "and {low:.4f} at its lowest in the last {window} steps. The learning rate {lr:g} is too high for "
              "{opt}: lower it, then press Reset.",
        "zh": "播放已停止：损失没有稳定下来。现在是 {loss:.4f}，开始时是 {first:.4f}，最近 {window} 步中最低是 "
              "{low:.4f}。对 {opt} 来说学习率 {lr:g} 太大了。请调低学习率，再按“重置”。",
    },
    "spiral.stopped_stuck": {
        "en": "Playing stopped: the loss has stopped falling at {loss:.4f}, not far below {first:.4f} at the "
              "start, with {acc:.1%} accuracy. Training is stuck: the model may be too small for this data (too "
              "few neurons or layers to bend the boundary), the learning rate {lr:g} too small, or the classes "
              "overlap (much noise). Try a bigger model or a larger rate, then press Reset.",
        "zh": "播放已停止：损失停在 {loss:.4f}，比开始时的 {first:.4f} 低不了多少，准确率为 {acc:.1%}。训练卡住了："
              "可能是模型太小（神经元或层数太少，画不出弯曲的决策边界），可能是学习率 {lr:g} 太小，也可能是各类数据"
              "本身重叠（噪声大）。试试更大的模型或更大的学习率，再按“重置”。",
    },
    "spiral.lr_warning": {
        "en": "The loss has been rising for the last {window} steps ({then:.4f} → {loss:.4f}): the learning rate "
              "{lr:g} is probably too high for {opt}. Lower it, then press Reset.",
        "zh": "最近 {window} 步里损失一直在上升（{then:.4f} → {loss:.4f}）：对 {opt} 来说学习率 {lr:g} 可能太大了。"
              "请调低学习率，再按“重置”。",
    },
    # the course's models
    "spiral.course": {"en": "The course's three models", "zh": "课程中的三个模型"},
    "spiral.course_note": {
        "en": "The course trains each for 1000 full-batch steps with lr 0.001 and weight decay 0.00001 and reports "
              "about 50%, 95% and 99.9% accuracy. Its text calls the optimizer SGD, but those figures are what "
              "**Adam** reaches: plain SGD at lr 0.001 stays near 50% for all three (try it above). The first "
              "model is two `Linear` layers with nothing between them, which is still one linear map: it can only "
              "draw straight boundaries.",
        "zh": "课程中每个模型都用全批量训练 1000 步，学习率 0.001，权重衰减 0.00001，给出的准确率约为 50%、95% 和 "
              "99.9%。课程正文说优化器是 SGD，但这些数字其实要用 **Adam** 才能达到。学习率为 0.001 的普通 SGD "
              "对三个模型都停在 50% 左右（可以在上面试一试）。第一个模型是两个 `Linear` 层，中间没有激活函数。"
              "两层合起来仍然只是一个线性映射，只能画出直线形的决策边界。",
    },
    "spiral.compare": {"en": "Compare the course's models", "zh": "比较课程中的三个模型"},
    "spiral.compare_help": {
        "en": "Trains the three models on this page's data, as the course does: Adam, lr 0.001, weight decay "
              "0.00001, 1000 full-batch steps.",
        "zh": "按课程的设置在本页数据上训练这三个模型：Adam，学习率 0.001，权重衰减 0.00001，全批量 1000 步。",
    },
    "spiral.comparing": {"en": "Training the three models…", "zh": "正在训练三个模型……"},
    "spiral.col_model": {"en": "Model", "zh": "模型"},
    "spiral.col_loss": {"en": "Final loss", "zh": "最终损失"},
    "spiral.col_acc": {"en": "Accuracy", "zh": "准确率"},
    "spiral.col_course": {"en": "Course reports", "zh": "课程给出的准确率"},
    "spiral.vectorised": {
        "en": "The course builds the spirals with a Python loop over every point; here one vectorised expression "
              "per class draws them, with the same random numbers in the same order.",
        "zh": "课程用 Python 循环逐个生成螺旋上的点；这里每一类只用一条向量化表达式生成，所用随机数及其顺序与课程完全相同。",
    },
    # downloads
    "spiral.dl_history": {"en": "Training history (CSV)", "zh": "训练记录（CSV）"},
    "spiral.dl_points": {"en": "Data points (CSV)", "zh": "数据点（CSV）"},
    "spiral.dl_regions": {"en": "Decision regions grid (CSV)", "zh": "决策区域网格（CSV）"},
    "spiral.dl_model": {"en": "Trained weights (state_dict, .pt)", "zh": "训练后的权重（state_dict，.pt）"},
}
