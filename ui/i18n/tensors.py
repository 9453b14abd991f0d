"""Strings of the tensors page."""

STRINGS = {
    "tensors.title": {"en": 'Tensors', "zh": '张量'},
    "tensors.intro": {
        "en": 'Everything in PyTorch is a tensor. Create one and see its shape, dtype and device; then apply view, reshape, transpose, cat, matmul and the rest, and compare input and output side by side.',
        "zh": 'PyTorch 中的一切都是张量。创建一个张量，查看它的形状、数据类型和设备；再对它做 view、reshape、transpose、cat、matmul 等操作，并排对比输入和输出。',
    },
}
