"""Every string renders as CommonMark without a stray emphasis marker.

Chinese breaks CommonMark's emphasis rules in a way English rarely does: a closing ``**`` right after a
CJK full stop and right before a CJK character (``**…。**这里``) is not a closing marker, and the page
shows the asterisks. The strings are rendered as Streamlit renders them (CommonMark, plus GFM tables and
strikethrough), with placeholders filled by plausible values; what is left as text must hold no ``**``
and no ``*`` touching a word. Code spans and LaTeX ``$…$`` are not text, so ``*`` inside them is fine.
"""
import re
import string

import pandas as pd
import pytest
from markdown_it import MarkdownIt

from core import activations as A
from tests.bilingual import texts
from ui import activations_view as V

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
MATH = re.compile(r"\$[^$\n]+\$")
# "**", or a single "*" with a non-space beside it: what was meant as emphasis and was not taken as such.
# "lr * w.grad" (spaces on both sides) is multiplication and stays.
STRAY = re.compile(r"\*\*|(?<=\S)\*|\*(?=\S)")


def _sample(spec: str):
    """A plausible value for a placeholder with this format spec."""
    if not spec:
        return "abc"
    if spec[-1] in "d,n" or spec == ",":
        return 1234
    return 0.0125


def filled(text: str) -> str:
    """The text with every {placeholder} filled; the raw text if it is not a format template."""
    try:
        fields = [(name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name]
        return text.format(**{name: _sample(spec or "") for name, spec in fields})
    except (KeyError, IndexError, ValueError, AttributeError):
        return text


def stray_markers(markdown: str) -> list[str]:
    """Text left in the rendered output that still holds an emphasis marker."""
    left = []
    for block in MD.parse(MATH.sub("M", markdown)):
        for tok in block.children or []:
            if tok.type == "text" and STRAY.search(tok.content):
                left.append(tok.content)
    return left


CJK = re.compile(r"[\u3400-\u9fff]")
CJK_PUNCT = "，。：；！？、）》」』”"


def cjk_emphasis(markdown: str) -> list[str]:
    """Chinese emphasis that renders badly: italics (a synthetic slant: use “quotes”), or a bold or italic
    run that ends in full-width punctuation (``**…。** 损失`` renders only thanks to the ASCII space; the
    marker belongs before the punctuation: ``**…**。损失``)."""
    found = []
    for block in MD.parse(MATH.sub("M", markdown)):
        inline, italic = block.children or [], 0
        for i, tok in enumerate(inline):
            italic += {"em_open": 1, "em_close": -1}.get(tok.type, 0)
            if tok.type == "text" and italic and CJK.search(tok.content):
                found.append(f"italic {tok.content!r}")
            if tok.type in ("strong_close", "em_close") and i and inline[i - 1].content[-1:] in tuple(CJK_PUNCT):
                found.append(f"{inline[i - 1].content!r} ends in punctuation inside the emphasis")
    return found


ALL = list(texts())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_string_renders_without_a_stray_marker(lang):
    bad = {t.where: stray_markers(filled(t.text)) for t in ALL if t.lang == lang}
    bad = {k: v for k, v in bad.items() if v}
    assert not bad, bad


def test_chinese_emphasis_is_bold_and_ends_before_the_punctuation():
    bad = {t.where: cjk_emphasis(filled(t.text)) for t in ALL if t.lang == "zh"}
    bad = {k: v for k, v in bad.items() if v}
    assert not bad, bad


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_activation_notes_render_without_a_stray_marker_and_use_the_language_colon(lang):
    for a in A.ACTIVATIONS.values():
        text = V.notes(a, lang=lang)
        assert not stray_markers(text), (a.name, text)
        html = MD.render(MATH.sub("M", text))
        if lang == "zh":
            assert "</strong>：" in html and "</strong>:" not in html, html
        else:
            assert "</strong>: " in html, html


def test_gap_line_renders_its_bold_numbers():
    df = pd.DataFrame({"series": ["sigmoid", "tanh"], "dy_autograd": [0.5, 1.0], "dy_closed": [0.5, 1.0]})
    assert not stray_markers(V.gap_line(df))


@pytest.mark.parametrize("markdown, stray", [
    ("**把深度学习第一周的内容画出来、动起来。**这里是", True),   # closing ** after 。 before a CJK letter
    ("**把深度学习第一周的内容画出来、动起来**。这里是", False),
    ("**训练在第 3 步发散了。** 损失", False),                  # renders, but only thanks to the space
    ("一批输入经过 *深度* 个层", False),                          # renders, as a synthetic slant (see below)
    ("参数总量：**1,234**", False),
    ("手写更新：w.data -= lr * w.grad", False),
    ("2*x", True),
    ("$a * b$ and `x*y`", False),
])
def test_the_check_itself(markdown, stray):
    assert bool(stray_markers(markdown)) == stray


@pytest.mark.parametrize("markdown, bad", [
    ("一批输入经过 *深度* 个层", True),
    ("一批输入经过“深度”个层", False),
    ("**训练在第 3 步发散了。** 损失", True),
    ("**训练在第 3 步发散了**。损失", False),
    ("**最小二乘的解析解：** w = 1", True),
    ("参数总量：**1,234**", False),
    ("A *word* in English.", False),
])
def test_the_chinese_check_itself(markdown, bad):
    assert bool(cjk_emphasis(markdown)) == bad
