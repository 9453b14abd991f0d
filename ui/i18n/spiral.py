"""Strings of the spiral page."""

STRINGS = {
    "spiral.title": {"en": 'Spiral classification', "zh": '螺旋分类'},
    "spiral.intro": {
        "en": 'Three classes of points on interleaved spirals, and a small neural network learning to tell them apart. The decision regions are redrawn as it trains; compare a linear model with one and two hidden layers.',
        "zh": '三类点分布在交错的螺旋上，一个小型神经网络学习把它们区分开。训练过程中决策区域会不断重绘；可以比较线性模型与一层、两层隐藏层的网络。',
    },
}
