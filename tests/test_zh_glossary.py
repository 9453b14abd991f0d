"""Every Chinese string uses the glossary's term, never a variant it refuses (ui/glossary.py)."""
import re

import pytest

from core import init as I
from tests.bilingual import core_tables, source_literals, texts
from ui import glossary
from ui.glossary import GLOSSARY, Term, rejected


def test_no_zh_string_uses_a_rejected_variant():
    found = [f"{t.where}: {variant!r} → {term.zh} ({term.en})"
             for t in texts() if t.lang == "zh" for term, variant in rejected(t.text)]
    assert not found, "\n".join(found)


def test_the_walk_finds_every_table():
    # the walk is generic; these are the tables it must reach (a new lesson's are found the same way)
    where = " ".join(w for w, _ in core_tables())
    # (a table imported elsewhere is named where the walk met it first: OPS as core.snippets.tensors.OPS)
    for table in ("core.activations", "core.init.INITS", "core.tensors.CREATORS", "tensors.OPS['matmul']",
                  "core.train.regression.OPTIMIZERS", "core.train.classifier.OPTIMIZERS", "core.models.PRESETS",
                  "core.neuron.STEP_LABEL"):
        assert table in where, table
    assert len([t for t in texts() if t.lang == "zh"]) > 500


def test_a_dict_built_inside_a_function_is_read_from_the_source():
    assert any(w.startswith("core/") for w, _ in source_literals())
    assert any(w.startswith("ui/shell.py") for w, _ in source_literals())  # "Language · 语言"


@pytest.mark.parametrize("text, variant", [
    ("输入一直为负的神经元再也学不动（“死亡 ReLU”）", "死亡 ReLU"),
    ("在 ReLU 死亡过多时替代它", "ReLU 死亡"),
    ("每个单元都接收上一层的全部输出", "单元"),
    ("学习率（对数刻度）", "对数刻度"),
    ("探针位置 x₀", "探针"),
    ("所以这条线就是神经元的决策线", "决策线"),
    ("手写的闭式导数", "闭式"),
    ("使用的扇入/扇出（mode）", "扇入"),
    ("计算非常便宜", "便宜"),
    ("前向时测量激活值的离散程度", "离散程度"),
    ("整个网络退化为一个线性变换", "线性变换"),
    ("x：下标与数值", "下标"),
    ("数据类型可能变宽", "类型可能变宽"),
    ("把数值截断到 [−1, 1]", "截断到"),
    ("全一", "全一"),
    ("全零权重", "全零"),
    ("设每层的输入 z 服从 N(0, σ²)", "输入 z"),
    ("SGD（普通梯度下降）", "SGD（普通"),
    ("隐藏层的默认选择：首先尝试它。", "首先尝试"),
    ("x 很负时饱和于 −α", "很负"),
    ("训练从哪里开始很重要。", "从哪里开始很重要"),
    ("课程报告值", "课程报告"),
    ("内侧的两个大小必须相等", "内侧的"),
    ("为与他人共享服务器已自动暂停", "为与他人共享"),
    ("批量大小", "批量大小"),
])
def test_each_rejected_variant_is_caught(text, variant):
    assert variant in [v for _, v in rejected(text)]


@pytest.mark.parametrize("text", [
    "截断正态分布", "浮点转整数时向 0 截断", "把数值裁剪到 [−1, 1]", "单元格", "完全一样", "全 1", "全 0 权重",
    "全为 0", "预激活值 z（激活函数的输入）", "输入 x1", "激活函数的输入", "[0, 1) 上均匀分布的随机浮点数",
    "SGD（随机梯度下降）", "普通梯度下降的最大稳定学习率", "全批量", "批大小", "一批输入", "神经元死亡", "死亡神经元",
    "手写循环就是最普通的梯度下降", "隐藏层", "全 100 个点", "解析导数", "对数坐标", "一层的权重", "偏置 b",
])
def test_legitimate_words_pass(text):
    assert not rejected(text), rejected(text)


def test_glossary_is_one_table_of_distinct_terms():
    assert all(isinstance(t, Term) and t.en and t.zh for t in GLOSSARY)
    assert len({t.en for t in GLOSSARY}) == len(GLOSSARY)
    # a preferred term never matches its own (or any) rejected variant
    assert not [(t.zh, v) for t in GLOSSARY for _, v in rejected(t.zh)]
    assert glossary.as_markdown().count("\n") == len(GLOSSARY) + 1


def test_init_labels_name_the_distribution_without_a_redundant_suffix():
    # the table is headed 初始化方法 already: "正交", not "正交初始化"
    labels = [s.label["zh"] for s in I.INITS.values()]
    assert not [x for x in labels if re.search(r"初始化$", x)], labels
