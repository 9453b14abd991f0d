"""Readable by everyone (#13), on every page in both languages, through AppTest: every chart has a text
alternative in the page's language saying what it shows (not Vega's "Vega visualization"), headings
go down one level at a time, and no table has a column without a header."""
import json

import pytest

from tests.conftest import LANGS, PAGES, has_cjk, open_app
from ui.charts import AUTO

# pages whose charts all have their own description; any other page falls back to its axis titles
DESCRIBED = {"neuron", "tensors", "activations", "initialization", "regression", "spiral"}


def elements(at):
    def walk(node, out):
        children = getattr(node, "children", None)
        for c in (children.values() if isinstance(children, dict) else children or []):
            out.append(c)
            walk(c, out)
        return out
    return walk(at._tree, [])


@pytest.fixture(scope="module", params=[(p, lang) for p in PAGES for lang in LANGS], ids=lambda v: f"{v[0]}-{v[1]}")
def opened(request):
    slug, lang = request.param
    at = open_app(slug, {"lang": lang})
    assert not at.exception, [e.value for e in at.exception]
    return slug, lang, elements(at)


def test_every_chart_says_what_it_shows_in_the_page_language(opened):
    slug, lang, found = opened
    specs = [json.loads(e.proto.spec) for e in found if e.type == "vega_lite_chart"]
    for spec in specs:
        text = spec.get("description", "")
        assert text and text != "Vega visualization", (slug, lang, text)
        assert has_cjk(text) == (lang == "zh"), (slug, lang, text)
        if slug in DESCRIBED:  # a sentence of its own, not the fallback from the axis titles
            assert not any(text.startswith(a.split("{")[0]) for a in AUTO[lang]), (slug, lang, text)
            assert len(text) > (8 if lang == "zh" else 20)
    if slug in DESCRIBED:
        assert specs, f"{slug} drew no chart"


def test_headings_go_down_one_level_at_a_time(opened):
    slug, lang, found = opened
    levels = [{"title": 1, "header": 2, "subheader": 3}[e.type] for e in found
              if e.type in ("title", "header", "subheader")]
    assert levels and levels[0] == 1, (slug, levels)
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, (slug, lang, levels)
    markdown = [e.value for e in found if e.type == "markdown"]
    assert not [m for m in markdown if m.lstrip().startswith("#")], "a heading written in markdown escapes the check"


def test_no_table_has_a_column_without_a_header(opened):
    slug, lang, found = opened
    for e in found:
        if e.type != "dataframe":
            continue
        frame = e.value
        assert all(str(c).strip() for c in frame.columns), (slug, list(frame.columns))


@pytest.mark.parametrize("lang", LANGS)
def test_the_neuron_tensor_table_numbers_its_samples_under_a_header(lang):
    from ui.i18n import t

    at = open_app("neuron", {"lang": lang})
    sample = t("neuron.col_sample", lang=lang)
    tables = [e.value for e in elements(at) if e.type == "dataframe" and e.value.columns[0] == sample]
    assert len(tables) == 1  # the stage's tensor: rows numbered under a header, not an index without one
    assert tables[0].iloc[:, 0].tolist() == list(range(len(tables[0])))
