"""Strings of the optimizer race lesson."""

STRINGS = {
    "optimizers.title": {"en": "Optimizer race", "zh": "优化器竞速"},
    "optimizers.intro": {
        "en": "The same data, network and initial weights, trained by four optimizers side by side.",
        "zh": "同样的数据、网络和初始权重，由四种优化器并排训练。",
    },
}
