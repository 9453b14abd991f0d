"""Strings of the neuron page."""

STRINGS = {
    "neuron.title": {"en": 'Neurons and networks', "zh": '神经元与网络'},
    "neuron.intro": {
        "en": "An artificial neuron multiplies its inputs by weights, adds a bias and passes the sum through an activation: t = f(Wᵀa + b). Set the weights yourself, see the output over the whole input plane, then follow a small fully connected network's forward pass layer by layer.",
        "zh": '人工神经元把输入乘以权重、加上偏置，再把结果送入激活函数：t = f(Wᵀa + b)。在这里亲手设置权重，观察神经元在整个输入平面上的输出，再一层一层地跟踪一个小型全连接网络的前向传播。',
    },
}
