"""Strings of the activations page."""

STRINGS = {
    "activations.title": {"en": 'Activation functions', "zh": '激活函数'},
    "activations.intro": {
        "en": "A neuron's activation decides what it passes on, and its derivative decides how much it learns. Compare the curves and their slopes, find where they saturate, and see why gradients vanish through many sigmoid layers.",
        "zh": '激活函数决定神经元输出什么，而它的导数决定神经元能学到多少。在这里比较各函数的曲线与斜率，找出饱和区，并看看梯度为何会在多层 sigmoid 中消失。',
    },
}
