"""Strings of the overview page."""

STRINGS = {
    # the overview is the app's front page: it carries the app's name and tagline
    "home.title": {"en": "DL Visual Explainer", "zh": "深度学习可视化讲解"},
    "home.intro": {
        "en": "**The first week of deep learning, made visible.** "
        "Short, interactive lessons from the first week of a deep-learning course. "
        "Every chart is computed live with PyTorch, so you can change a value and watch what happens.",
        "zh": "**把深度学习第一周的内容画出来、动起来**。"
        "这里是深度学习课程第一周的几个交互小节。每张图都由 PyTorch 实时计算，改动任何参数，立刻就能看到变化。",
    },
    "home.neuron": {
        "en": "An artificial neuron's weighted sum and activation, and a small network's forward pass, layer by layer.",
        "zh": "人工神经元的加权求和与激活，以及小型网络逐层的前向传播。",
    },
    "home.tensors": {
        "en": "PyTorch tensors: how to create them, their shape and dtype, and what view, cat, matmul and friends do.",
        "zh": "PyTorch 张量：如何创建，形状与数据类型，以及 view、cat、matmul 等操作的效果。",
    },
    "home.activations": {
        "en": "What each activation function and its derivative do, and why gradients vanish.",
        "zh": "各种激活函数及其导数起什么作用，以及梯度为何会消失。",
    },
    "home.initialization": {
        "en": "Every weight-initialisation scheme against its theory, and what it does to signals in a deep network.",
        "zh": "各种权重初始化方法与理论的对照，以及它们对深层网络中信号的影响。",
    },
    "home.regression": {
        "en": "Gradient descent fitting a line, one step at a time, to points generated from y = 3x + 0.8.",
        "zh": "用梯度下降一步一步地拟合一条直线，数据点由 y = 3x + 0.8 生成。",
    },
    "home.spiral": {
        "en": "A small neural network learning to separate three interleaved spirals.",
        "zh": "一个小型神经网络学习区分三条交错的螺旋。",
    },
    "home.playground": {
        "en": "What TensorFlow Playground shows, in torch: every hidden neuron as a map, input features, L1 and L2, regression on the plane, your own points.",
        "zh": "TensorFlow Playground 的内容，用 torch 实现：每个隐藏神经元的输出图、输入特征、L1 与 L2 正则化、平面上的回归，以及你自己的数据点。",
    },
    "home.optimizers": {
        "en": "SGD, momentum, RMSprop and Adam racing from the same start, and momentum's theory checked on a bowl.",
        "zh": "SGD、动量、RMSprop 和 Adam 从同一起点竞速，并在碗形损失面上验证动量的理论。",
    },
    "home.open": {"en": "Open", "zh": "打开"},
}
