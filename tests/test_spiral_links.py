"""The spiral page's link, presenter mode and downloads: a link reopens the view (and the same run),
strangers' URLs are clamped with a notice, the files hold what the page trained."""
import io
import re

import pandas as pd
import pytest
import torch

from core.data import make_spiral
from core.models import build_mlp
from core.train import ClassifierTrainer
from core.train.classifier import region_frame
from tests.conftest import click, link_query, metrics, python_code, read_csv, view_link, widget
from ui.i18n import t
from ui.spiral_view import URL, data_frame, grid_frame, history_frame, model_file_name, state_bytes, weights


@pytest.fixture
def app(app_one_thread):
    """The page on one torch thread (tests/conftest.py app_one_thread)."""
    return app_one_thread


def secondary_of(at) -> dict:
    """Widget key -> the "secondary_..." container it sits in (None when in the open)."""
    from streamlit.testing.v1.element_tree import Block

    out = {}

    def walk(node, inside):
        ident = getattr(getattr(node, "proto", None), "id", "") if isinstance(node, Block) else ""
        found = re.search(r"-(secondary_\w+)$", ident or "")
        inside = found.group(1) if found else inside
        key = getattr(node, "key", None)
        if key and not isinstance(node, Block):
            out[key] = inside
        for child in getattr(node, "children", {}).values():
            walk(child, inside)

    walk(at.main, None)
    return out


def toasts(at) -> str:
    return " ".join(x.value for x in at.toast)


def trainer(at):
    return at.session_state["sp_trainer"][1]


def settings(at) -> dict:
    return dict(at.session_state["sp_trainer"][0][1])


# ---- the table ---------------------------------------------------------------------------

@pytest.mark.parametrize("param", URL, ids=lambda p: p.name)
def test_every_default_survives_its_own_link(param):
    assert param.kind.parse(param.kind.text(param.default)) == (param.default, True)


def test_names_are_unique_and_keep_the_load_tests_spf():
    names = [p.name for p in URL]
    assert len(names) == len(set(names)) and {"spf", "lr", "model", "seed", "w1"} <= set(names)


# ---- a link reopens the view -------------------------------------------------------------

def test_a_link_restores_the_view_and_the_url_follows_the_controls(app, duplicate_warnings):
    at = app("spiral", "en", model="two_hidden", lr="0.003", spf="10", seed="7", n="60")
    assert not at.exception, [e.value for e in at.exception]
    assert not at.toast and not duplicate_warnings
    assert widget(at, "selectbox", "sp_preset").value == "two_hidden"
    assert widget(at, "select_slider", "sp_lr").value == 0.003
    assert widget(at, "select_slider", "sp_spf").value == 10
    assert widget(at, "number_input", "sp_seed").value == 7
    assert widget(at, "slider", "sp_n").value == 60
    s = settings(at)
    assert (s["hidden"], s["lr"], s["seed"]) == ((100, 100), 0.003, 7)
    assert trainer(at).opt.param_groups[0]["lr"] == 0.003 and len(trainer(at).y_all) == 180
    assert "lr=0.003" in python_code(at)[0] and "manual_seed(7)" in python_code(at)[0]
    link = view_link(at)
    assert all(p in link for p in ("model=two_hidden", "lr=0.003", "spf=10", "seed=7", "n=60"))

    at.button(key="spiral_step").click().run()
    assert metrics(at)[t("spiral.step")] == "10"  # spf=10 from the link drives Step

    at.select_slider(key="sp_lr").set_value(0.03).run()
    assert at.query_params["lr"] == "0.03"
    assert "lr=0.03" in view_link(at)
    at.select_slider(key="sp_lr").set_value(1e-3).run()  # the default: the link no longer says it
    at.selectbox(key="sp_preset").set_value("one_hidden").run()
    assert "lr" not in at.query_params and "model" not in at.query_params
    assert "lr=" not in view_link(at) and "seed=7" in view_link(at)


def test_bad_values_are_clamped_or_ignored_with_a_notice(app, duplicate_warnings):
    at = app("spiral", "en", n="999999", lr="-1", spf="1e9", seed="abc", model="<script>", classes="nan",
             noise="0.2", w1="7")
    assert not at.exception, [e.value for e in at.exception]
    assert not duplicate_warnings
    notice = toasts(at)
    for name in ("`n`", "`lr`", "`spf`", "`seed`", "`model`", "`classes`", "`w1`"):
        assert name in notice, (name, notice)
    assert "`noise`" not in notice  # a legal value passes quietly
    assert widget(at, "slider", "sp_n").value == 1000
    assert widget(at, "select_slider", "sp_lr").value == 1e-5  # the nearest rate on the slider
    assert widget(at, "select_slider", "sp_spf").value == 500
    assert widget(at, "number_input", "sp_seed").value == 12345
    assert widget(at, "selectbox", "sp_preset").value == "one_hidden"
    assert widget(at, "slider", "sp_classes").value == 3
    assert at.session_state["sp_w0"] == 6  # the nearest width, kept for when "custom" is chosen
    assert not any("<script>" in c for c in (view_link(at), *python_code(at)))
    assert "seed" not in at.query_params and "model" not in at.query_params and "n" not in at.query_params
    assert "lr=1e-05" in view_link(at) and "spf=500" in view_link(at)


def test_a_copied_link_reopens_the_same_view_and_trains_the_same_numbers(app):
    at = app("spiral", "en", n="60")
    at.selectbox(key="sp_preset").set_value("custom").run()
    at.slider(key="sp_depth").set_value(1).run()
    at.select_slider(key="sp_w0").set_value(8)
    at.selectbox(key="sp_act").set_value("tanh")
    at.selectbox(key="sp_opt").set_value("sgd")
    at.select_slider(key="sp_lr").set_value(0.3)
    at.select_slider(key="sp_batch").set_value(32)
    at.select_slider(key="sp_spf").set_value(5)
    at.slider(key="sp_test").set_value(0.2)
    at.number_input(key="sp_seed").set_value(11).run()
    assert not at.exception

    query = link_query(at)
    lang = query.pop("lang")
    again = app("spiral", lang, **query)
    assert not again.exception and not again.toast
    for kind, key in [("selectbox", "sp_preset"), ("slider", "sp_depth"), ("select_slider", "sp_w0"),
                      ("selectbox", "sp_act"), ("selectbox", "sp_opt"), ("select_slider", "sp_lr"),
                      ("select_slider", "sp_batch"), ("select_slider", "sp_spf"), ("slider", "sp_test"),
                      ("number_input", "sp_seed"), ("slider", "sp_n")]:
        assert widget(again, kind, key).value == widget(at, kind, key).value, key
    assert settings(again) == settings(at)
    for page in (at, again):
        page.button(key="spiral_step").click().run()
    assert metrics(again) == metrics(at) and metrics(at)[t("spiral.step")] == "5"
    assert view_link(again) == view_link(at)


# ---- presenter mode ----------------------------------------------------------------------

def test_presenter_mode_keeps_the_main_controls_in_the_open(app):
    import json

    at = app("spiral", "zh", present="1", n="60")
    assert not at.exception, [e.value for e in at.exception]
    where = secondary_of(at)
    for key in ("sp_ds", "sp_preset", "sp_opt", "sp_lr", "spiral_toggle", "spiral_step", "spiral_reset"):
        assert where[key] is None, key
    for key in ("sp_seed", "sp_n", "sp_test", "sp_init", "sp_wd", "sp_batch", "sp_spf"):
        assert where[key] and where[key].startswith("secondary_"), key
    regions = next(json.loads(c.proto.spec) for c in at.get("vega_lite_chart") if '"image"' in c.proto.spec)
    assert regions["width"] == 300  # presenting: beside the numbers, so Play and the regions share 720 px
    at.button(key="spiral_step").click().run()
    assert not at.exception and metrics(at)[t("spiral.step", lang="zh")] == "10"


# ---- downloads ---------------------------------------------------------------------------

def small_trainer(test_fraction=0.0, **kw):
    X, y = make_spiral(40, 3, 0.2, seed=5)
    return ClassifierTrainer(X, y, hidden=(16, 8), activation="tanh", seed=3, device="cpu", record_every=5,
                             test_fraction=test_fraction, **kw)


@pytest.mark.parametrize("test_fraction", [0.0, 0.25])
def test_history_csv_reads_back_as_the_trainers_history(test_fraction):
    tr = small_trainer(test_fraction)
    tr.step(23)
    back = read_csv(history_frame(tr.history))
    want = pd.DataFrame(tr.history)
    assert list(back.columns) == ["step", "loss", "accuracy"] + (["test_loss", "test_accuracy"] if test_fraction else [])
    assert back["step"].tolist() == [0, 5, 10, 15, 20, 23]
    for col in back.columns:
        assert back[col].tolist() == pytest.approx(want[col].tolist(), rel=1e-7)


def test_points_csv_holds_every_point_with_its_split():
    tr = small_trainer(0.25)
    frame = read_csv(data_frame(tr.X_train, tr.y_train, tr.X_test, tr.y_test))
    assert list(frame.columns) == ["x1", "x2", "label", "split"] and len(frame) == 120
    train = frame[frame["split"] == "train"]
    assert len(train) == len(tr.y_train) and (frame["split"] == "test").sum() == 30
    assert train[["x1", "x2"]].to_numpy() == pytest.approx(tr.X_train.numpy(), rel=1e-7)
    assert train["label"].tolist() == tr.y_train.tolist()


def test_regions_grid_has_every_class_probability_and_agrees_with_the_chart():
    tr = small_trainer()
    tr.step(30)
    xs, ys, probs = tr.decision_grid(12)
    frame, chart = grid_frame(xs, ys, probs), region_frame(xs, ys, probs)
    assert len(frame) == 144 and list(frame.columns) == ["x", "y", "predicted", "p_max", "p_0", "p_1", "p_2"]
    assert frame[["x", "y", "predicted", "p_max"]].to_numpy() == pytest.approx(chart[["x", "y", "cls", "p"]].to_numpy())
    assert frame[["p_0", "p_1", "p_2"]].sum(axis=1).to_numpy() == pytest.approx(1.0, abs=1e-6)
    # a cell's probabilities are the model's softmax at its centre
    row = frame.iloc[37]
    with torch.no_grad():
        p = torch.softmax(tr.model(torch.tensor([[row["x"], row["y"]]], dtype=torch.float32)), 1)[0]
    assert [row["p_0"], row["p_1"], row["p_2"]] == pytest.approx(p.tolist(), abs=1e-6)


def test_state_dict_file_rebuilds_the_model_and_is_a_snapshot():
    tr = small_trainer()
    tr.step(40)
    state = weights(tr.model)
    with torch.no_grad():
        then = tr.model(tr.X_all).clone()
    tr.step(40)  # the live model trains on after the copy was taken
    loaded = torch.load(io.BytesIO(state_bytes(state)), weights_only=True)
    model = build_mlp(2, (16, 8), 3, activation="tanh", generator=torch.Generator().manual_seed(0))
    model.load_state_dict(loaded)
    with torch.no_grad():
        assert torch.equal(model(tr.X_all), then)
        assert not torch.equal(model(tr.X_all), tr.model(tr.X_all))
    assert model_file_name((16, 8), 3, "tanh") == "spiral_model_2-16-8-3_tanh.pt"


def test_the_page_offers_four_files_that_hold_its_run(app, downloads):
    at = app("spiral", "en", n="60", test="0.2", seed="3", spf="10")
    at.button(key="spiral_step").click().run()
    assert not at.exception
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == [t(f"spiral.dl_{k}") for k in ("history", "points", "regions", "model")]
    tr = trainer(at)
    name = "spiral_model_2-100-3_relu.pt"
    assert {"spiral_history.csv", "spiral_points.csv", "spiral_regions.csv", name} <= set(downloads)
    assert downloads[name][1] == "application/octet-stream"

    history = pd.read_csv(io.StringIO(click(downloads["spiral_history.csv"][0])))
    assert history["step"].tolist() == [r["step"] for r in tr.history] == [0, 10]
    assert history["test_accuracy"].tolist() == pytest.approx([r["test_accuracy"] for r in tr.history], rel=1e-7)
    points = pd.read_csv(io.StringIO(click(downloads["spiral_points.csv"][0])))
    assert len(points) == 180 and (points["split"] == "test").sum() == len(tr.y_test) == 36
    regions = pd.read_csv(io.StringIO(click(downloads["spiral_regions.csv"][0])))
    assert len(regions) == 60 * 60
    with torch.no_grad():
        at_step_10 = tr.model(tr.X_all).clone()
    at_10 = downloads[name][0]
    at.button(key="spiral_step").click().run()  # trains on; a click on the step-10 button still gets step 10
    model = build_mlp(2, (100,), 3, activation="relu", generator=torch.Generator().manual_seed(0))
    model.load_state_dict(torch.load(io.BytesIO(click(at_10)), weights_only=True))
    with torch.no_grad():
        assert torch.equal(model(tr.X_all), at_step_10)
        assert not torch.equal(model(tr.X_all), trainer(at).model(tr.X_all))
    assert downloads[name][0] is not at_10  # the new run made its own button
    state_now = torch.load(io.BytesIO(click(downloads[name][0])), weights_only=True)
    model.load_state_dict(state_now)
    with torch.no_grad():
        assert torch.equal(model(tr.X_all), trainer(at).model(tr.X_all))


def test_a_file_taken_while_playing_holds_the_run_as_drawn_not_as_play_began(app, monkeypatch):
    """The download row is made when a run starts; while that run plays, its files follow the frames drawn."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    at = app("spiral", "en", n="60", spf="10")
    made, real = [], MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        made.append((file_name, data_callable))
        return real(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    at.session_state["dlve_play_frames"] = 7
    at.session_state["dlve_slow_seconds"] = 0  # slow frames by the frame count alone, not also by the clock
    at.button(key="spiral_toggle").click().run()  # the playing run, then the rerun when play ends
    playing = next(f for name, f in made if name == "spiral_history.csv")  # the playing run's button
    steps = pd.read_csv(io.StringIO(click(playing)))["step"]
    # drawn frames 1 (before play, step 0) and 2-8 (steps 10-70); every third is a slow frame: 1, 4, 7
    assert steps.iloc[-1] == 60 and trainer(at).steps == 70


def test_a_frame_never_holds_the_server_for_long_whatever_the_settings():
    """Every limit at once: a frame (or a press of Step) is one step, not 500 of a third of a second."""
    from core.data import make_spiral
    from core.train import ClassifierTrainer
    from ui import limits
    from ui.spiral_view import work_cap

    X, y = make_spiral(limits.SPIRAL_MAX_PER_CLASS, limits.SPIRAL_MAX_CLASSES, 0.2, seed=1)
    big = ClassifierTrainer(X, y, hidden=(limits.SPIRAL_MAX_WIDTH,) * limits.SPIRAL_MAX_LAYERS, seed=0)
    assert work_cap(big) == 1
    small = ClassifierTrainer(*make_spiral(1000, 3, 0.2, seed=12345), hidden=(100,), seed=0)
    assert work_cap(small) >= limits.SPIRAL_MAX_STEPS_PER_FRAME  # the course's model is never slowed down
