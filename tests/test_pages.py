"""Every page through AppTest, in both languages, with the shell's controls used."""
import pytest

from tests.conftest import LANGS, PAGES, has_cjk, open_app, python_code, view_link, widget
from ui.i18n import t


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", PAGES)
def test_page_renders_in_language(app, slug, lang):
    at = app(slug, lang)
    assert not at.exception, [e.value for e in at.exception]
    title = at.title[0].value
    expected = t("app.title" if slug == "home" else f"{slug}.title", lang=lang)
    assert title == expected
    assert has_cjk(title) == (lang == "zh")
    assert at.query_params["lang"] in (lang, [lang])


def test_language_switch_changes_text_and_url(app):
    at = app("regression", "en")
    widget(at, "button_group", "lang_widget").set_value("zh").run()
    assert at.title[0].value == t("regression.title", lang="zh")
    assert at.query_params["lang"] in ("zh", ["zh"])


def test_language_survives_page_switch(app):
    at = app("activations", "zh")
    at.switch_page("lessons/spiral.py").run()
    assert at.title[0].value == t("spiral.title", lang="zh")


@pytest.mark.parametrize("bad", ["xx", "", "zh-CN<script>", "en" * 500])
def test_bad_language_in_url_falls_back(app, bad):
    at = app("home", bad)
    assert not at.exception
    assert at.title[0].value == t("app.title", lang="en")


def test_projector_toggle_and_url(app):
    at = app("home", "en", projector="1")
    assert at.toggle(key="projector_widget").value is True
    at.toggle(key="projector_widget").set_value(False).run()
    assert "projector" not in at.query_params
    assert not at.exception


def test_sidebar_shows_device_and_torch_version(app):
    import torch

    at = app("home", "en")
    text = " ".join(m.value for m in at.sidebar.markdown)
    assert "CPU" in text or "cuda" in text.lower()
    assert torch.__version__.split("+")[0] in text


@pytest.mark.parametrize("slug", PAGES)
def test_every_page_runs_inside_the_shell(app, slug):
    """The sidebar (language, projector, device) is drawn on every page, not only the first."""
    at = app(slug, "zh")
    assert widget(at, "button_group", "lang_widget").value == "zh"
    assert at.toggle(key="projector_widget").value is False


LINKED_VIEWS = {  # a non-default view of each lesson, as a lecturer's link would open it
    "neuron": {"act": "tanh", "depth": "3", "seed": "11"},
    "backprop": {"act": "tanh", "steps": "3", "stage": "8", "hidden": "1"},
    "tensors": {"make": "arange", "op": "transpose"},
    "activations": {"act": "gelu,elu", "elu_alpha": "2", "temp": "3"},
    "initialization": {"schemes": "xavier_normal,orthogonal", "fan_in": "64", "fan_out": "32"},
    "regression": {"lr": "0.05", "mode": "module", "opt": "momentum", "n": "50"},
    "spiral": {"model": "two_hidden", "n": "100", "ds": "moons"},
    "playground": {"ds": "xor", "feat": "x1,x2,x1x2", "layers": "1", "reg": "l1"},
    "optimizers": {"ds": "moons", "lr_adam": "0.03", "shift": "1", "scale": "0.75"},
}


@pytest.mark.parametrize("slug", [p for p in PAGES if p != "home"])
def test_every_lesson_ends_with_code_that_runs_as_shown(app, slug, tmp_path):
    """The "show the PyTorch code" snippet of a linked view, run as a visitor would: a file, a fresh python."""
    import subprocess
    import sys

    view = LINKED_VIEWS.get(slug, {})  # a lesson not listed yet: its default view
    at = app(slug, "en", **view)
    assert not at.exception and not at.toast
    assert {k: at.query_params[k] for k in view} == view  # the view really opened
    code = python_code(at)[-1]  # the expander every lesson ends with
    assert "import torch" in code
    script = tmp_path / "snippet.py"
    script.write_text(code)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]


CODE_IS_THE_LESSON = {"tensors", "backprop"}  # their code blocks are what they teach, not a panel


@pytest.mark.parametrize("slug", PAGES)
def test_first_visit_draws_no_code_block_until_a_panel_is_opened(slug):
    """One st.code makes the browser load a 1.5 MB syntax highlighter before the page settles (#15): the
    link box and the code panel render theirs only once opened, and then show the link and the code."""
    from ui.code import OPEN_KEY
    from ui.page import link_key

    at = open_app(slug, {"lang": "en"}, panels_open=False)
    assert not at.exception
    if slug in CODE_IS_THE_LESSON:
        assert "plaintext" not in [c.language for c in at.code] and python_code(at)
    else:
        assert not at.code, [c.value[:60] for c in at.code]
    at.session_state[link_key(slug)] = True
    at.session_state[OPEN_KEY] = True
    at.run()
    assert "lang=en" in view_link(at)
    if slug != "home":
        assert "import torch" in python_code(at)[-1]
