"""The Chinese glossary: one term per concept, as a lecturer's course notes fix them.

One table. Each row is an English term, the Chinese term every zh string uses for it, and the variants
not to use. ``avoid`` holds regular expressions, written narrow enough that a legitimate word does not
match (截断 stays for truncation, as in 截断正态分布 or 向 0 截断; only 截断到 "clip to" is refused).
``tests/test_zh_glossary.py`` holds every zh string of the app (the i18n catalogue and every bilingual
table in core) against ``avoid``; a new lesson's strings go through it without any change here.

Rows with no ``avoid`` still fix the term: use it, and add a variant here once one turns up.
The last rows are calques found in review: phrasings to rewrite, not terms.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Term:
    en: str
    zh: str
    avoid: tuple[str, ...] = ()  # regular expressions of the variants not to use
    note: str = ""
    patterns: tuple[re.Pattern, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "patterns", tuple(re.compile(p) for p in self.avoid))


_CJK = r"\u3400-\u9fff"

GLOSSARY: tuple[Term, ...] = (
    # the course notes' own terms
    Term("activation function", "激活函数", (r"激励函数",)),
    Term("saturating / non-saturating", "饱和 / 非饱和"),
    Term("vanishing gradients", "梯度消失"),
    Term("exploding gradients", "梯度爆炸"),
    Term("backpropagation", "反向传播", (r"后向传播", r"逆向传播", r"逆传播")),
    Term("forward pass", "前向传播", (r"正向传播",)),
    Term("fully connected (linear) layer", "全连接层", (r"密集层", r"稠密层")),
    Term("bias", "偏置"),
    Term("weight", "权重", (r"权值",)),
    Term("tensor", "张量"),
    Term("learning rate", "学习率", (r"学习速率",)),
    Term("loss function", "损失函数", (r"代价函数", r"成本函数")),
    Term("weight initialisation", "权重初始化"),
    Term("dead ReLU, dying neurons", "神经元死亡 / 死亡神经元",
         (r"ReLU\s*死亡", r"死亡\s*(?:的\s*)?ReLU"), "the neuron dies, not the function"),
    # one term per concept
    Term("unit (of a layer)", "神经元", (r"单元(?!格)",), "单元格 (a table cell) is fine"),
    Term("hidden layer", "隐藏层", (r"隐层", r"隐含层")),
    Term("batch size", "批大小", (r"批量大小", r"批次大小", r"批尺寸", r"batch\s*大小")),
    Term("full batch", "全批量"),
    Term("log scale", "对数坐标", (r"对数刻度", r"对数尺度")),
    Term("probe point", "观察点", (r"探针",)),
    Term("decision line / decision boundary", "决策边界", (r"决策线", r"判定边界", r"判决边界")),
    Term("closed form (solution, derivative)", "解析解 / 解析导数", (r"闭式", r"封闭形式", r"闭合形式", r"手写公式")),
    Term("fan_in / fan_out", "输入数 / 输出数", (r"扇入", r"扇出"), "glossed after the code name: fan_in（输入数）"),
    Term("Xavier / Glorot initialisation", "Xavier（Glorot）初始化", (), "both names on first mention"),
    Term("Kaiming / He initialisation", "Kaiming（He）初始化", (), "both names on first mention"),
    Term("cheap / expensive (to compute)", "计算开销小 / 计算开销大", (r"便宜", r"更贵", r"最贵", r"昂贵", r"廉价")),
    Term("spread (of activations or gradients)", "标准差", (r"离散程度", r"分散程度")),
    Term("standard deviation", "标准差", (r"标准偏差",)),
    Term("relative error", "相对误差"),
    Term("pre-activation z", "预激活值 z（激活函数的输入）", (r"输入\s?z\b",), "z = Wx + b, not the layer's input"),
    Term("linear map", "线性映射", (r"线性变换",)),
    Term("index (of an element)", "索引", (r"下标",)),
    Term("type promotion", "类型提升", (r"类型\S{0,4}变宽", r"类型晋升")),
    Term("clip (to a range)", "裁剪", (r"截断(?:到|至)",), "截断 only for truncation: 截断正态分布, 向 0 截断"),
    Term("ones / zeros (filled)", "全 1 / 全 0",
         (rf"全一(?=$|[^{_CJK}]|张量|矩阵|权重|初始化)", r"全零", r"全[01](?![\d.])"), "a space between 全 and the digit"),
    Term("evenly spaced", "等间距", (), "均匀分布 is only the distribution U(a, b)"),
    Term("uniform distribution U(a, b)", "均匀分布"),
    Term("normal distribution", "正态分布"),
    Term("SGD", "SGD（随机梯度下降）", (r"SGD\s*[（(]\s*普通",), "full batch is 全批量; never 普通梯度下降 for SGD"),
    Term("plain gradient descent (no momentum)", "普通梯度下降"),
    Term("step function (Heaviside)", "阶跃函数", (r"步进函数", r"台阶函数")),
    Term("weight decay", "权重衰减"),
    Term("decision regions", "决策区域"),
    Term("accuracy", "准确率"),
    # calques found in review: rewrite, do not translate word for word
    Term("try it first", "不妨先用它", (r"首先尝试",)),
    Term("very negative x", "x 取很大的负值", (r"很负",)),
    Term("where training starts matters", "训练的起点很重要", (r"从哪里开始很重要",)),
    Term("the course reports", "课程给出的", (r"课程报告",)),
    Term("the inner sizes (of a matrix product)", "相乘的那一维", (r"内侧的",)),
    Term("paused to share the server", "服务器由大家共用，所以播放已自动暂停", (r"为与他人共享",)),
)


def rejected(text: str) -> list[tuple[Term, str]]:
    """Every (term, matched variant) of the glossary that ``text`` uses."""
    return [(term, m.group(0)) for term in GLOSSARY for p in term.patterns for m in p.finditer(text)]


def as_markdown() -> str:
    """The glossary as one Markdown table (for docs or a lecturer's handout)."""
    rows = ["| English | 中文 | not | note |", "|---|---|---|---|"]
    rows += [f"| {t.en} | {t.zh} | {' · '.join(f'`{a}`' for a in t.avoid)} | {t.note} |" for t in GLOSSARY]
    return "\n".join(rows)
