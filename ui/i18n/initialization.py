"""Strings of the initialization page."""

STRINGS = {
    "initialization.title": {"en": 'Weight initialisation', "zh": '权重初始化'},
    "initialization.intro": {
        "en": 'Where training starts matters. Sample each initialisation scheme, hold its histogram against the Glorot and He formulas, and watch what it does to signals and gradients travelling through a deep network.',
        "zh": '训练从哪里开始很重要。这里对各种初始化方法采样，把直方图与 Glorot 和 He 的理论公式对照，并观察它们如何影响信号和梯度在深层网络中的传播。',
    },
}
