"""The network playground through AppTest in both languages: numbers on screen against torch, the features, L1's
zeros, regression on the plane, the switches, clicked points, the files; and the diagram's builder against the
model's weights (a link's colour is its weight's sign, its width grows with |w|, a wide layer says what it hides)."""
import base64
import io
import json
import math
import struct
import zlib

import numpy as np
import pandas as pd
import pytest
import torch
from torch.nn import functional as F

from core.linear import CsvError
from core.points import read_points_csv
from tests.conftest import click, has_cjk, metrics, python_code, widget
from ui import playground_view as V
from ui.charts.network import NEGATIVE, POSITIVE, network_picture
from ui.i18n import CATALOGUE, t


@pytest.fixture
def app(app_one_thread):
    """The page on one torch thread (tests/conftest.py app_one_thread)."""
    return app_one_thread


def metric(at, name: str, lang: str = "en") -> str:
    return metrics(at)[t(f"playground.{name}", lang=lang)]


def trainer(at):
    return at.session_state["pg_trainer"][1]


def chart(at, key_part: str) -> dict:
    """The spec (with its datasets) of the chart whose element id ends in ``key_part``."""
    found = [c for c in at.get("vega_lite_chart") if c.proto.id.endswith(key_part)]
    assert found, [c.proto.id[-20:] for c in at.get("vega_lite_chart")]
    return json.loads(found[-1].proto.spec)


def chart_by_description(at, text: str):
    found = [c for c in at.get("vega_lite_chart") if json.loads(c.proto.spec).get("description") == text]
    assert found, text
    return found[-1]


def frame(chart_element, name: str) -> pd.DataFrame:
    """A named dataset a live chart was fed (Streamlit sends them as Arrow beside the spec)."""
    for ds in chart_element.proto.datasets:
        if ds.name == name:
            return _arrow(ds.data.data)
    raise KeyError(name)


def _arrow(data: bytes) -> pd.DataFrame:
    import pyarrow as pa

    return pa.ipc.open_stream(io.BytesIO(data)).read_all().to_pandas()


def png_pixels(url: str) -> np.ndarray:
    """A data URL's RGBA pixels (the minimal PNGs ui/charts/regions._png writes: filter 0 on every row)."""
    raw = base64.b64decode(url.split(",", 1)[1])
    pos, idat, size = 8, b"", None
    while pos < len(raw):
        (n,) = struct.unpack(">I", raw[pos:pos + 4])
        kind, body = raw[pos + 4:pos + 8], raw[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h = size
    rows = zlib.decompress(idat)
    return np.frombuffer(rows, np.uint8).reshape(h, 1 + 4 * w)[:, 1:].reshape(h, w, 4)


def hand_loss(tr) -> float:
    """The training loss by torch, from the raw points: the features built by hand, not by core."""
    X = tr.X_train
    cols = {"x1": X[:, 0], "x2": X[:, 1], "x1sq": X[:, 0] ** 2, "x2sq": X[:, 1] ** 2, "x1x2": X[:, 0] * X[:, 1],
            "sin_x1": torch.sin(X[:, 0]), "sin_x2": torch.sin(X[:, 1])}
    with torch.no_grad():
        out = tr.model(torch.stack([cols[f] for f in tr.features], dim=1))
        if out.shape[1] == 1:
            return float(((out[:, 0] - tr.y_train) ** 2).mean())
        return float(F.cross_entropy(out, tr.y_train))


def near_zero_share(tr, tol=V.NEAR_ZERO) -> str:
    ws = [m.weight.detach() for m in tr.model if isinstance(m, torch.nn.Linear)]
    small = sum(int((w.abs() < tol).sum()) for w in ws)
    return V.share_text(small, sum(w.numel() for w in ws))


# ---- the page ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_opens_with_an_untrained_network_and_its_numbers(app, lang):
    at = app("playground", lang)
    assert not at.exception, [e.value for e in at.exception]
    tr = trainer(at)
    assert metric(at, "step", lang) == "0" and metric(at, "epoch", lang) == "0.0"
    assert float(metric(at, "loss", lang)) == pytest.approx(hand_loss(tr), abs=5e-5)
    assert float(metric(at, "loss", lang)) == pytest.approx(math.log(2), abs=0.1)  # chance for two classes
    assert metric(at, "near_zero", lang) == near_zero_share(tr)
    # the default view: circles, 2-4-2-2 tanh on x1 and x2, 30% held out
    assert tr.features == ("x1", "x2") and tr.hidden == (4, 2) and len(tr.y_test) == round(300 * 0.3)
    network = chart_by_description(at, t("chart.pg_network", lang=lang))
    assert has_cjk(json.loads(network.proto.spec)["description"]) == (lang == "zh")
    assert "import torch" in python_code(at)[-1] and "nn.Linear(2, 4)" in python_code(at)[-1]


def test_step_trains_the_frame_and_counts_epochs(app):
    at = app("playground", "en", spf="5", batch="20")
    at.button(key="playground_step").click().run()
    tr = trainer(at)
    assert tr.steps == 5 and metric(at, "step") == "5"
    n_train = len(tr.y_train)
    assert metric(at, "epoch") == f"{5 * 20 / n_train:,.1f}"  # Playground's count: points seen / training points
    assert float(metric(at, "loss")) == pytest.approx(hand_loss(tr), abs=5e-5)
    with torch.no_grad():
        X = torch.stack([tr.X_test[:, 0], tr.X_test[:, 1]], 1)
        acc = float((tr.model(X).argmax(1) == tr.y_test).float().mean())
    assert metric(at, "test_acc") == f"{acc:.1%}"
    at.session_state["dlve_play_frames"] = 4
    at.button(key="playground_toggle").click().run()
    assert not at.exception and trainer(at).steps == 5 + 4 * 5
    at.button(key="playground_reset").click().run()
    assert metric(at, "step") == "0"


def test_features_feed_the_first_layer_and_the_code(app):
    at = app("playground", "en", feat="x1sq,x2sq", layers="0", lr="0.1", spf="100")
    assert not at.exception
    tr = trainer(at)
    assert tr.features == ("x1sq", "x2sq") and tr.model[0].in_features == 2 and tr.hidden == ()
    code = python_code(at)[-1]
    assert "X[:, 0] ** 2" in code and "X[:, 1] ** 2" in code and "nn.Linear(2, 2)" in code
    maps = frame(chart_by_description(at, t("chart.pg_network")), "maps")
    assert maps["name"].tolist() == ["x₁²", "x₂²", "class 0", "class 1"]  # inputs, then the output layer
    for _ in range(3):
        at.button(key="playground_step").click().run()
    assert float(metric(at, "test_acc").rstrip("%")) >= 95  # squares separate the circles with no hidden layer


def test_no_feature_chosen_means_x1_and_x2(app):
    at = app("playground", "en")
    at.multiselect(key="pg_feats").set_value([]).run()
    assert not at.exception and trainer(at).features == ("x1", "x2")
    assert t("playground.no_features") in [c.value for c in at.caption]


def test_l1_drives_weights_to_zero_and_the_count_on_screen_is_torchs(app):
    at = app("playground", "en", reg="l1", rate="0.01", opt="sgd", lr="0.3", w1="16", w2="16", spf="100",
             batch="0")
    tr = trainer(at)
    assert (tr.regularization, tr.reg_rate) == ("l1", 0.01)
    before = near_zero_share(tr)
    for _ in range(3):
        at.button(key="playground_step").click().run()
    tr = trainer(at)
    assert metric(at, "near_zero") == near_zero_share(tr) != before
    assert int(near_zero_share(tr).rstrip("%")) > int(before.rstrip("%"))
    helped = next(m for m in at.metric if m.label == t("playground.near_zero"))
    ws = [m.weight.detach() for m in tr.model if isinstance(m, torch.nn.Linear)]
    n = sum(int((w.abs() < V.NEAR_ZERO).sum()) for w in ws)
    assert f"{n:,}" in helped.help and f"{sum(w.numel() for w in ws):,}" in helped.help
    code = python_code(at)[-1]
    assert "w.abs().sum()" in code and "reg_rate = 0.01" in code


def test_the_rate_does_nothing_without_a_penalty(app):
    at = app("playground", "en", rate="0.1")
    assert at.select_slider(key="pg_rate").disabled and trainer(at).reg_rate == 0.0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_regression_on_the_plane(app, lang):
    at = app("playground", lang, task="regress", target="gaussians", points="200", spf="20")
    assert not at.exception, [e.value for e in at.exception]
    tr = trainer(at)
    assert type(tr).__name__ == "PlaneRegressionTrainer" and len(tr.y_all) == 200
    assert t("playground.test_acc", lang=lang) not in metrics(at)  # no accuracy for a real-valued target
    at.button(key="playground_step").click().run()
    tr = trainer(at)
    assert float(metric(at, "loss", lang)) == pytest.approx(hand_loss(tr), abs=5e-5)
    plane = chart_by_description(at, t("chart.pg_plane", lang=lang))
    image = frame(plane, "image")
    pixels = png_pixels(image["url"][0])
    assert pixels.shape == (V.REGION_RES, V.REGION_RES, 4)
    # the picture's colours are the model's values on the targets' scale: white at 0, blue up, vermillion down
    xs, ys, values = tr.value_grid(V.REGION_RES)
    m = float(tr.y_all.abs().max())
    v = np.clip(values.numpy() / m, -1, 1)[..., None]
    rgb = lambda h: np.array([int(h[i:i + 2], 16) for i in (1, 3, 5)], float)
    want = np.where(v >= 0, 255 + (rgb(POSITIVE) - 255) * v, 255 + (rgb(NEGATIVE) - 255) * -v)
    assert np.abs(pixels[::-1][..., :3].astype(float) - want).max() <= 1  # the picture's rows go top down
    assert "nn.MSELoss()" in python_code(at)[-1]
    assert at.toggle(key="pg_discrete").disabled


def test_discretize_paints_hard_colours_and_test_points_hide(app):
    at = app("playground", "en")
    shaded = png_pixels(frame(chart_by_description(at, t("chart.pg_regions")), "image")["url"][0])
    assert len(np.unique(shaded[..., :3].reshape(-1, 3), axis=0)) > 2  # the shade follows the model's certainty
    at.toggle(key="pg_discrete").set_value(True).run()
    hard = png_pixels(frame(chart_by_description(at, t("chart.pg_regions")), "image")["url"][0])
    from ui.charts import PALETTE
    from ui.charts.regions import ALPHA

    # every cell its class colour at full strength (ALPHA[1]) over white, as opaque pixels
    full = {tuple(round(255 + (int(PALETTE[k][n:n + 2], 16) - 255) * ALPHA[1]) for n in (1, 3, 5)) for k in range(2)}
    assert {tuple(c) for c in hard[..., :3].reshape(-1, 3).tolist()} <= full and (hard[..., 3] == 255).all()
    points = frame(chart_by_description(at, t("chart.pg_regions")), "points")
    assert set(points["part"]) == {t("playground.train_points"), t("playground.test_points")}
    at.toggle(key="pg_show_test").set_value(False).run()
    points = frame(chart_by_description(at, t("chart.pg_regions")), "points")
    assert set(points["part"]) == {t("playground.train_points")}
    assert trainer(at).X_test.shape[0] == 90  # hiding them from the picture holds nothing out of the run


def test_the_chosen_neuron_is_shown_large_with_its_own_scale(app):
    at = app("playground", "en", unit="h2.1")
    at.button(key="playground_step").click().run()
    tr = trainer(at)
    lo, hi = tr.bounds
    g = torch.linspace(lo, hi, V.BIG_RES)
    gy, gx = torch.meshgrid(g, g, indexing="ij")
    with torch.no_grad():
        h1 = torch.tanh(tr.model[0](torch.stack([gx.reshape(-1), gy.reshape(-1)], 1)))
        h2 = torch.tanh(tr.model[2](h1))[:, 1]
    big = chart_by_description(at, t("chart.pg_unit", unit=t("playground.unit_name", layer=2, n=2)))
    assert frame(big, "scale")["value"].tolist() == pytest.approx([-float(h2.abs().max()), float(h2.abs().max())],
                                                                   rel=1e-5)
    ring = frame(chart_by_description(at, t("chart.pg_network")), "chosen")
    maps = frame(chart_by_description(at, t("chart.pg_network")), "maps")
    assert len(ring) == 1 and maps.loc[maps["unit"] == "h2.1", ["x", "y"]].values.tolist() == ring[["x", "y"]].values.tolist()
    # a neuron of a network no longer there falls back to the first hidden one
    at.slider(key="pg_depth").set_value(1).run()
    assert not at.exception and at.selectbox(key="pg_unit").value == "h1.0"


def test_a_click_on_the_plane_adds_a_point_of_the_chosen_class(app):
    at = app("playground", "en")
    n = len(trainer(at).y_all)
    at.session_state[V.added_key("classify")] = [(0.25, -0.5, 1)]
    at.run()
    tr = trainer(at)
    assert len(tr.y_all) == n + 1
    assert tr.X_all[-1].tolist() == [0.25, -0.5] and int(tr.y_all[-1]) == 1  # kept last: no split reshuffles it
    assert any(t("playground.add_help", n=1, most=V.MAX_ADDED, res=V.CLICK_RES) == c.value for c in at.caption)
    assert t("playground.code_own_data") in [c.value for c in at.caption]
    at.button(key="pg_clear").click().run()
    assert len(trainer(at).y_all) == n


def test_the_click_handler_reads_the_selection(monkeypatch):
    state = {}
    monkeypatch.setattr(V.st, "session_state", state)
    assert not V.add_click("classify", {"spot": []}, 1)
    assert V.add_click("classify", {"spot": [{"cx": 0.2, "cy": -0.1}]}, 1)
    assert state[V.added_key("classify")] == [(0.2, -0.1, 1)] and state["pg_clicks"] == 1  # a fresh chart key
    assert not V.add_click("classify", {"spot": [{"cx": float("nan"), "cy": 0.0}]}, 0)
    state[V.added_key("regress")] = [(0.0, 0.0, 0.5)] * V.MAX_ADDED
    assert not V.add_click("regress", {"spot": [{"cx": 0.1, "cy": 0.1}]}, 0.5)  # bounded
    assert V.picked_unit({"pick": [{"unit": "h1.3"}]}) == "h1.3" and V.picked_unit({"pick": []}) is None


def test_clickable_charts_carry_their_selections(app):
    at = app("playground", "en")
    ids = {c.proto.id.rsplit("-", 1)[-1]: list(c.proto.selection_mode) for c in at.get("vega_lite_chart")}
    assert ids["pg_net_pick"] == ["pick"] and ids["pg_spot_0"] == ["spot"]
    cells = frame(chart_by_description(at, t("chart.pg_regions")), "cells")
    lo, hi = trainer(at).bounds
    assert len(cells) == V.CLICK_RES ** 2 and cells["cx"].min() > lo and cells["cx"].max() < hi


# ---- a visitor's file ------------------------------------------------------------------------------

@pytest.mark.parametrize("data, task", [
    (b"", "classify"), (b"1,2\n3,4\n", "classify"), (b"1,2,0\n3,x,1\n", "classify"), (b"1,2,0\n3,4,0.5\n", "classify"),
    (b"1,2,0\n3,4,9\n", "classify"), (b"1,2,1\n3,4,1\n", "classify"), (b"1,2,0\n3,nan,1\n", "regress"),
    (b"1,2,0\n", "regress"), (b"1,2,0\n3,4000,1\n", "regress"), (b"\xff\xfe", "regress"),
])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_refusal_has_its_sentence_in_both_languages(data, task, lang):
    with pytest.raises(CsvError) as e:
        read_points_csv(data, task)
    assert V.uploaded(data, task)[2] == (e.value.code, e.value.params)
    why = t(f"playground.csv.{e.value.code}", lang=lang, **e.value.params)
    said = t("playground.csv_refused", lang=lang, name="mine.csv", why=why)
    assert "mine.csv" in said and has_cjk(said) == (lang == "zh") and "{" not in said


def test_every_code_core_can_raise_has_a_message():
    import re

    import core.points as cp

    codes = re.findall(r"CsvError\(\"(\w+)\"", open(cp.__file__).read())
    assert codes and all(f"playground.csv.{c}" in CATALOGUE for c in codes)


# ---- the files -------------------------------------------------------------------------------------

def test_the_files_hold_the_run(app, downloads):
    at = app("playground", "en", spf="10", seed="4")
    at.button(key="playground_step").click().run()
    tr = trainer(at)
    assert [b.proto.label for b in at.get("download_button")] == [t("playground.dl_points"),
                                                                   t("playground.dl_history")]
    points = pd.read_csv(io.StringIO(click(downloads["playground_points_classify.csv"][0])))
    assert list(points.columns) == ["x1", "x2", "label", "split"] and len(points) == len(tr.y_all) == 300
    train = points[points["split"] == "train"]
    assert train[["x1", "x2"]].to_numpy() == pytest.approx(tr.X_train.numpy(), rel=1e-7)
    assert train["label"].tolist() == tr.y_train.tolist()
    assert (points["split"] == "test").sum() == len(tr.y_test) == 90
    history = pd.read_csv(io.StringIO(click(downloads["playground_history.csv"][0])))
    assert history["step"].tolist() == [0, 5, 10]
    # the first row is the untrained model's loss, computed here by torch
    X, y = tr.X_train, tr.y_train
    fresh = V.ClassifierTrainer(tr.X_all, tr.y_all, hidden=(4, 2), activation="tanh", lr=0.03, batch_size=10,
                                test_fraction=0.3, seed=4, weight_decay=0.0, device="cpu")
    with torch.no_grad():
        first = float(F.cross_entropy(fresh.model(X), y))
    assert history["loss"][0] == pytest.approx(first, rel=1e-6)
    assert history["loss"].iloc[-1] == pytest.approx(hand_loss(tr), rel=1e-6)
    assert history["test_accuracy"].iloc[-1] == pytest.approx(float(metric(at, "test_acc").rstrip("%")) / 100,
                                                               abs=5e-4)


def test_the_regression_files_keep_real_targets(app, downloads):
    at = app("playground", "en", task="regress", points="100", test="0")
    tr = trainer(at)
    points = pd.read_csv(io.StringIO(click(downloads["playground_points_regress.csv"][0])))
    assert len(points) == 100 and set(points["split"]) == {"train"}
    assert points["label"].to_numpy() == pytest.approx(tr.y_train.numpy(), rel=1e-6)
    assert points["label"].nunique() > 50  # targets, not class indices


# ---- the diagram's builder ---------------------------------------------------------------------------

NAMES = {"sign": ("positive", "negative"), "unit": lambda c, u: f"{c}:{u}", "column": [f"col {c}" for c in range(9)],
         "more": lambda n: f"+{n} more"}


def small_model(widths=(3, 4, 2), seed=0):
    from core.models import build_mlp

    return build_mlp(widths[0], widths[1:-1], widths[-1], activation="tanh", generator=torch.Generator().manual_seed(seed))


def frames_for(model, n_inputs, chosen=None):
    from core import playground as P

    lay = V.layout(V.shown_units(model, n_inputs), [n_inputs] + [w.shape[0] for w in P.links(model)])
    maps = [torch.randn(n_inputs, 4, 4)] + P.unit_maps(model, ("x1", "x2", "x1sq")[:n_inputs], (-1.0, 1.0), 4)
    return lay, V.diagram_frames(maps, P.links(model), lay, features=("x1", "x2", "x1sq")[:n_inputs], names=NAMES,
                                 chosen=chosen)


def test_links_are_coloured_by_sign_and_widen_with_the_weight():
    model = small_model()
    lay, f = frames_for(model, 3)
    links = f["links"]
    W = [model[0].weight.detach(), model[2].weight.detach()]
    assert len(links) == 3 * 4 + 4 * 2
    expected = [float(W[0][j, i]) for j in range(4) for i in range(3)] + [float(W[1][j, i]) for j in range(2) for i in range(4)]
    assert links["weight"].tolist() == pytest.approx(expected)
    assert (links["sign"] == np.where(np.array(expected) >= 0, "positive", "negative")).all()
    order = np.argsort(np.abs(expected))
    assert np.all(np.diff(links["px"].to_numpy()[order]) >= 0)  # wider as |w| grows
    assert links["px"].max() == pytest.approx(6.0) and links["alpha"].max() == pytest.approx(1.0)
    # the spec's colour scale: positive blue, negative vermillion (the app's Okabe–Ito pair)
    spec = network_picture(f["maps"], f["links"], f["notes"], f["chosen"], width=lay.width, height=lay.height,
                           sign_labels=("positive", "negative"), weight_title="w").to_dict()
    colour = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colour == {"domain": ["positive", "negative"], "range": [POSITIVE, NEGATIVE]}
    assert spec["layer"][0]["encoding"]["strokeWidth"] == {"field": "px", "type": "quantitative", "scale": None,
                                                          "legend": None}


def test_a_zero_weight_all_but_vanishes():
    model = small_model()
    with torch.no_grad():
        model[0].weight[1, 2] = 0.0
    _, f = frames_for(model, 3)
    gone = f["links"][(f["links"]["src"] == "0:2") & (f["links"]["dst"] == "1:1")]
    assert gone["px"].item() == pytest.approx(0.3) and gone["alpha"].item() == pytest.approx(0.15)


def test_a_wide_layer_draws_its_strongest_neurons_and_counts_the_rest():
    model = small_model((2, 100, 100, 2))
    lay, f = frames_for(model, 2)
    assert [len(c) for c in lay.columns] == [2, 8, 8, 2]
    strength = model[2].weight.detach().abs().sum(0)  # a first-layer neuron's outgoing weights
    assert set(lay.columns[1]) == set(torch.topk(strength, 8).indices.tolist())
    assert f["notes"]["text"].tolist().count("+92 more") == 2
    assert len(f["links"]) == 2 * 8 + 8 * 8 + 8 * 2 and len(f["maps"]) == 20


def test_the_chosen_neuron_gets_a_frame_only_when_drawn():
    model = small_model()
    _, f = frames_for(model, 3, chosen="h1.2")
    assert len(f["chosen"]) == 1
    _, f = frames_for(model, 3, chosen="h1.9")
    assert len(f["chosen"]) == 0


def test_map_images_are_the_maps():
    from ui.charts.network import map_image

    values = np.array([[0.0, 1.0], [-1.0, 0.5]])  # row 0 is the bottom of the plane
    px = png_pixels(map_image(values, 1.0))
    assert px[1, 0, :3].tolist() == [255, 255, 255]  # 0: white (bottom-left, the picture's last row)
    assert px[1, 1, :3].tolist() == [int(POSITIVE[i:i + 2], 16) for i in (1, 3, 5)]  # +scale: full blue
    assert px[0, 0, :3].tolist() == [int(NEGATIVE[i:i + 2], 16) for i in (1, 3, 5)]  # -scale: full vermillion


def test_playing_stops_by_itself_once_the_loss_has_converged(monkeypatch):
    """Overlapping blobs, full batch, no hidden layer: the loss flattens well below its start, and the frame says so."""
    from core.data import make_blobs
    from core.train import ClassifierTrainer

    monkeypatch.setattr(V.st, "session_state", {"pg_spf": 100})
    X, y = make_blobs(50, 2, 0.5, seed=0)
    tr = ClassifierTrainer(X, y, hidden=(), lr=0.1, seed=0, weight_decay=0.0, device="cpu", record_every=5)
    stop = next((r for r in (V.advance(tr) for _ in range(20)) if r), None)  # as player.run: the first reason ends it
    assert stop[0] == "playground.stopped_converged" and tr.verdict(V.VERDICT_WINDOW) == "converged"
    assert stop[1]["loss"] == tr.history[-1]["loss"] < 0.5 * tr.history[0]["loss"]
    assert "{" not in t(stop[0], **stop[1]) and "{" not in t(stop[0], lang="zh", **stop[1])
    # blobs a line cannot separate: the loss stops near where it began, which is not convergence; play goes on
    Xs, ys = make_blobs(50, 2, 2.0, seed=0)
    stuck = ClassifierTrainer(Xs, ys, hidden=(), lr=0.1, seed=0, weight_decay=0.0, device="cpu", record_every=5)
    assert not any(V.advance(stuck) for _ in range(10))


def tree(node, out=None) -> list:
    """Every element and block of an AppTest node, in page order."""
    out = [] if out is None else out
    children = getattr(node, "children", None) or {}
    for child in (children.values() if isinstance(children, dict) else children):
        out.append(child)
        tree(child, out)
    return out


@pytest.mark.parametrize("present", [False, True])
def test_presenting_a_stop_notice_comes_below_the_pictures(app, present):
    """Once playing stopped by itself (converged), its notice sat between Play and the pictures: presenting, it pushed
    the regions off the first screen. There it now comes after them; beside the sidebar it stays under Play."""
    from ui.player import Player

    at = app("playground", "en", **({"present": "1"} if present else {}))
    note = ("playground.stopped_converged", {"step": 1500, "loss": 0.069, "window": V.VERDICT_WINDOW})
    at.session_state["player_playground"] = Player(note=note[0], note_args=note[1])
    at.run()
    assert not at.exception
    order = tree(at.main)
    said = t(note[0], **note[1])
    at_note = [i for i, e in enumerate(order) if e.type == "info" and e.value == said]
    at_chart = [i for i, e in enumerate(order) if getattr(e, "key", None) == "main_chart"]
    assert len(at_note) == 1 and len(at_chart) == 1, [e.type for e in order]
    assert (at_note[0] > at_chart[0]) == present


def test_a_diverging_run_shows_its_huge_loss_in_powers_of_ten(app):
    """Regression on the plane, SGD at lr 3, 4 layers: the loss reaches ~1e19 before NaN; the figure showed all 20
    digits and four decimals, which its column cut to a few digits and "…"."""
    at = app("playground", "en", task="regress", opt="sgd", lr="3", layers="4", w1="128")
    for _ in range(3):
        if at.button(key="playground_step").disabled:
            break
        at.button(key="playground_step").click().run()
    tr = trainer(at)
    assert tr.diverged and at.error
    last = tr.history[-1]
    assert last["loss"] >= 1000  # the state the run was rolled back to, torch's own loss
    assert metric(at, "loss") == f"{last['loss']:.3g}" and "e+" in metric(at, "loss")
    assert float(metric(at, "loss")) == pytest.approx(last["loss"], rel=1e-2)
    assert V.loss_text(0.69314) == "0.6931" and V.loss_text(999.5) == "999.5000"


def test_a_loss_falling_past_1e_4_stays_on_the_curve(app):
    """A plane fitted exactly (regression on the plane, no noise, no hidden layer): the loss falls far below the
    curve's old fixed bottom of 1e-4, where the line left the chart. The axis now reaches the decade below it."""
    at = app("playground", "en", task="regress", target="plane", noise="0", layers="0", batch="0", spf="100")
    for _ in range(6):
        at.button(key="playground_step").click().run()
    tr = trainer(at)
    low = min(min(r["loss"], r["test_loss"]) for r in tr.history)
    assert low < 1e-5
    spec = json.loads(chart_by_description(at, t("chart.pg_loss", lang="en")).proto.spec)
    y = next(l["encoding"]["y"] for l in [spec] + spec.get("layer", []) if "encoding" in l and "y" in l["encoding"])
    assert y["scale"]["domain"][0] <= low
    assert V.loss_floor([{"step": 0, "loss": 0.7}]) == 1e-4 and V.loss_floor([{"step": 0, "loss": 3e-12}]) == 1e-12


def test_a_click_adds_the_centre_of_one_of_res_by_res_squares_as_its_caption_says():
    cells = V.cells_frame((-1.2, 1.2))
    assert len(cells) == V.CLICK_RES ** 2
    assert np.allclose(cells["cx"], (cells["x"] + cells["x2"]) / 2, atol=1e-4)
    assert np.allclose(cells["cy"], (cells["y"] + cells["y2"]) / 2, atol=1e-4)
    for lang in ("en", "zh"):
        assert f"{V.CLICK_RES} × {V.CLICK_RES}" in t("playground.add_help", lang=lang, n=0, most=V.MAX_ADDED,
                                                     res=V.CLICK_RES)


def test_the_near_zero_share_never_rounds_to_none_or_all_when_it_is_not():
    assert V.share_text(0, 10_000) == "0%" and V.share_text(1, 10_000) == "<1%" and V.share_text(49, 10_000) == "<1%"
    assert V.share_text(50, 10_000) in ("<1%", "1%")  # 0.5%: never "0%", however it rounds
    assert V.share_text(9_999, 10_000) == ">99%" and V.share_text(10_000, 10_000) == "100%"
    assert V.share_text(7, 20) == "35%"


def test_accuracy_reads_100_percent_only_when_every_point_is_right():
    assert V.accuracy_text(2999 / 3000) == ">99.9%" and V.accuracy_text(1.0) == "100.0%"
    assert V.accuracy_text(0.5) == "50.0%" and V.accuracy_text(2996 / 3000) == "99.9%"
