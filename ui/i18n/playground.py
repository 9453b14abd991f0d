"""Strings of the network playground lesson."""

STRINGS = {
    "playground.title": {"en": "Network playground", "zh": "神经网络游乐场"},
    "playground.intro": {
        "en": "Every hidden unit drawn as a map of its output over the plane, while the network trains.",
        "zh": "网络训练时，每个隐藏单元都画成它在平面上的输出图。",
    },
}
