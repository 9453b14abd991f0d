"""The spiral page says what happened, never "converged" when it did not (#13), in both languages:
SGD or Adam at lr 10 (the loss rises: a learning-rate warning, then a stop that says so), a one-neuron
network (stuck), and the words around the chart (classes, intro, the sample of dots)."""
import pytest
import torch

from tests.conftest import has_cjk
from ui.i18n import t


@pytest.fixture
def page(app):
    before = torch.get_num_threads()

    def open_page(lang, **query):
        at = app("spiral", lang, **query)
        torch.set_num_threads(1)
        return at

    yield open_page
    torch.set_num_threads(before)


def play(at, frames=30):
    at.session_state["dlve_play_frames"] = frames
    at.button(key="spiral_toggle").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return [i.value for i in at.info]


def head(key, lang):
    """The text of a message before its first figure."""
    return t(key, lang=lang).split("{")[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("opt", ["sgd", "adam"])
def test_a_rate_of_10_warns_then_stops_saying_the_rate_is_too_high(page, lang, opt):
    at = page(lang, opt=opt, lr="10", spf="50", n="300")
    if opt == "sgd":
        play(at, frames=4)  # 200 steps: no verdict yet, but the loss has stayed above its start for a while
        warning = [w.value for w in at.warning if w.value.startswith(head("spiral.lr_warning", lang))]
        assert warning and "10" in warning[0]  # the rate named, while the loss is still a number (no NaN error)
        assert not at.error
    infos = play(at)
    assert not any(head("spiral.stopped_converged", lang) in i for i in infos)
    assert not any(head("player.finished", lang) in i for i in infos)
    assert any(i.startswith(head("spiral.stopped_rising", lang)) for i in infos), infos


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_one_neuron_network_is_stuck(page, lang):
    at = page(lang, model="custom", layers="1", w1="1", lr="0.1", spf="50", n="300")
    infos = play(at, frames=60)
    stuck = [i for i in infos if i.startswith(head("spiral.stopped_stuck", lang))]
    assert stuck and not any(head("spiral.stopped_converged", lang) in i for i in infos), infos
    assert not at.warning


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_fixed_class_datasets_show_their_classes_and_say_what_they_are(page, lang):
    at = page(lang, ds="moons", n="100")
    fixed = at.slider(key="sp_classes_fixed2")
    assert fixed.value == 2 and fixed.disabled
    intro = t("spiral.intro_other", lang=lang, n=2, dataset=t("spiral.ds.moons", lang=lang))
    assert intro in [m.value for m in at.markdown]
    assert not any(("spiral" in m.value.lower() or "螺旋" in m.value) and m.value.startswith("2") for m in at.markdown)
    assert at.metric  # the page is drawn
    at.selectbox(key="sp_ds").set_value("spiral").run()
    assert at.slider(key="sp_classes").value == 3
    assert t("spiral.intro", lang=lang, n=3) in [m.value for m in at.markdown]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_caption_says_the_dots_are_a_sample_with_the_count(page, lang):
    at = page(lang)  # 3,000 points, a few hundred drawn
    captions = [c.value for c in at.caption]
    sample = [c for c in captions if c.startswith(head("spiral.regions_caption_sample", lang).split("；")[0][:20])]
    assert sample and "3,000" in sample[0] and has_cjk(sample[0]) == (lang == "zh")
    assert t("spiral.regions_caption", lang=lang) not in captions
    at = page(lang, n="20", classes="2")  # 40 points: every one drawn
    assert t("spiral.regions_caption", lang=lang) in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("slug, query, steps", [("spiral", {"spf": "20", "n": "100"}, 20), ("regression", {"spf": "7"}, 7)])
def test_step_says_it_takes_a_frame_of_steps(app, lang, slug, query, steps):
    at = app(slug, lang, **query)
    button = at.button(key=f"{slug}_step")
    assert button.label == t("player.step_n", lang=lang, n=steps) and str(steps) in button.help
    button.click().run()
    assert at.metric[0].value.replace(",", "") == str(steps)  # and a press does take that many
