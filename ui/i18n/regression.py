"""Strings of the regression page."""

STRINGS = {
    "regression.title": {"en": 'Gradient descent, step by step', "zh": '梯度下降：一步一步来'},
    "regression.intro": {
        "en": "The course's first training loop: fit y = 3x + 0.8 to 100 points by gradient descent. Watch the line, the loss and the path over the loss surface move with every step, and find the learning rate at which it all blows up.",
        "zh": '课程中的第一个训练循环：用梯度下降把 y = 3x + 0.8 拟合到 100 个点上。每走一步，直线、损失和损失曲面上的路径都会随之变化；也可以找出让训练发散的学习率。',
    },
}
