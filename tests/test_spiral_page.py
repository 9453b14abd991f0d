"""The spiral page through AppTest, in both languages, with every control moved and every button pressed."""
import math
import re

import pytest

from tests.conftest import has_cjk, python_code
from ui.i18n import t


@pytest.fixture
def app(app_one_thread):
    """The page on one torch thread (tests/conftest.py app_one_thread)."""
    return app_one_thread


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def metric(at, name: str, lang: str = "en") -> str:
    return metrics(at)[t(f"spiral.{name}", lang=lang)]


def status_line(at, lang: str = "en") -> str:
    prefix = t("spiral.status", lang=lang).split("{")[0]
    return next(c.value for c in at.caption if c.value.startswith(prefix))


def small(at, n=60):
    """Fewer points: every rerun trains and redraws, and the page test should stay quick."""
    at.slider(key="sp_n").set_value(n).run()
    return at


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_opens_with_an_untrained_network_and_its_summary(app, lang):
    at = app("spiral", lang)
    assert not at.exception, [e.value for e in at.exception]
    assert metric(at, "step", lang) == "0"
    assert float(metric(at, "loss", lang)) == pytest.approx(math.log(3), abs=0.05)  # chance level for 3 classes
    assert metric(at, "test_acc", lang) == "–"  # no held-out points by default, as in the course
    status = status_line(at, lang)
    assert ("CPU" in status or "GPU" in status or "NVIDIA" in status) and has_cjk(status) == (lang == "zh")
    # 2-100-3 with ReLU: 2·100 + 100 + 100·3 + 3 parameters
    assert t("spiral.total_params", lang=lang, n=603) in [m.value for m in at.markdown]
    table = at.dataframe[0].value
    assert table.iloc[:, 0].tolist() == ["Linear-1", "ReLU-2", "Linear-3"]
    assert has_cjk(" ".join(table.columns)) == (lang == "zh")
    code = python_code(at)[0]
    assert "nn.Linear(2, 100)" in code and "torch.optim.Adam" in code and "manual_seed(12345)" in code
    assert any(t("spiral.course_note", lang=lang)[:20] in m.value for m in at.markdown)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_step_play_and_reset(app, lang):
    at = small(app("spiral", lang))
    at.button(key="spiral_step").click().run()
    assert metric(at, "step", lang) == "10"
    assert float(metric(at, "loss", lang)) < math.log(3)
    assert re.search(r"\d", status_line(at, lang).split("·")[1])  # the measured steps per second
    at.select_slider(key="sp_spf").set_value(5).run()
    at.session_state["dlve_play_frames"] = 3
    at.button(key="spiral_toggle").click().run()
    assert not at.exception
    assert metric(at, "step", lang) == str(10 + 3 * 5)
    assert at.button(key="spiral_toggle")  # the loop ended by itself and the controls show Play again
    assert any(t("player.paused_budget", lang=lang)[:6] in i.value for i in at.info)
    assert "n_steps = 25" in python_code(at)[0]  # the code trains as far as the page has
    at.button(key="spiral_reset").click().run()
    assert metric(at, "step", lang) == "0"


def test_every_control_moves_without_error(app):
    at = small(app("spiral", "en"))
    at.slider(key="sp_test").set_value(0.25).run()
    assert metric(at, "test_acc").endswith("%")
    assert any(t("spiral.confusion_on_test") in c.value for c in at.caption)
    for ds in ("circles", "blobs", "moons", "xor", "spiral"):
        at.selectbox(key="sp_ds").set_value(ds).run()
        assert not at.exception, (ds, [e.value for e in at.exception])
        if ds == "moons":
            fixed = at.slider(key="sp_classes_fixed2")
            assert fixed.disabled and fixed.value == 2  # the classes the dataset really has, not the 3 chosen
            assert at.dataframe[0].value.iloc[-1, 2] == 100 * 2 + 2  # the output layer has 2 classes
    at.slider(key="sp_classes").set_value(5).run()
    at.slider(key="sp_noise").set_value(0.6).run()
    at.number_input(key="sp_seed").set_value(7).run()
    at.selectbox(key="sp_preset").set_value("custom").run()
    at.slider(key="sp_depth").set_value(1).run()
    at.select_slider(key="sp_w0").set_value(8).run()
    at.selectbox(key="sp_act").set_value("tanh").run()
    at.selectbox(key="sp_init").set_value("xavier_normal").run()
    at.selectbox(key="sp_opt").set_value("momentum").run()
    at.select_slider(key="sp_lr").set_value(0.03).run()
    at.select_slider(key="sp_wd").set_value(0.0).run()
    at.select_slider(key="sp_batch").set_value(32).run()
    assert not at.exception, [e.value for e in at.exception]
    # 2-8-5 with tanh: 2·8 + 8 + 8·5 + 5 parameters
    assert at.dataframe[0].value.iloc[:, 0].tolist() == ["Linear-1", "Tanh-2", "Linear-3"]
    assert t("spiral.total_params", n=2 * 8 + 8 + 8 * 5 + 5) in [m.value for m in at.markdown]
    code = python_code(at)[0]
    assert all(s in code for s in ("nn.Tanh()", "xavier_normal_", "momentum=0.9", "batch_size = 32", "lr=0.03"))
    at.button(key="spiral_step").click().run()
    assert metric(at, "step") == "10" and not at.exception


def test_divergence_stops_with_a_plain_message_and_reset_recovers(app):
    at = small(app("spiral", "en"), n=1000)
    at.selectbox(key="sp_preset").set_value("linear").run()
    at.selectbox(key="sp_opt").set_value("sgd").run()
    at.select_slider(key="sp_lr").set_value(10.0).run()
    at.select_slider(key="sp_spf").set_value(100).run()
    at.button(key="spiral_step").click().run()
    assert not at.exception
    assert at.error and "NaN" in at.error[0].value and "10" in at.error[0].value
    assert at.button(key="spiral_toggle").disabled
    assert int(metric(at, "step")) < 100  # stopped at the last good step
    at.button(key="spiral_reset").click().run()
    assert not at.error and metric(at, "step") == "0" and not at.button(key="spiral_toggle").disabled
    at.select_slider(key="sp_lr").set_value(0.1).run()
    at.button(key="spiral_step").click().run()
    assert not at.error and metric(at, "step") == "100"


def test_compare_trains_the_three_course_models(app):
    at = small(app("spiral", "zh"), n=30)
    at.button(key="sp_compare_btn").click().run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[1].value
    assert len(table) == 3 and has_cjk(" ".join(table.iloc[:, 0]))
    acc = [float(v.rstrip("%")) for v in table.iloc[:, 2]]
    assert acc[0] < 70 and acc[2] > acc[0]  # the linear model cannot follow the arms
    assert table.iloc[:, 3].tolist() == ["50.0%", "95.0%", "99.9%"]
    at.slider(key="sp_noise").set_value(0.3).run()  # new data: the old comparison no longer applies
    assert len(at.dataframe) == 1


def test_region_image_paints_each_cell_in_its_class_colour_as_strong_as_the_model_is_sure():
    import base64
    import io

    import numpy as np
    import pandas as pd
    from PIL import Image

    from ui.charts import PALETTE
    from ui.charts.regions import ALPHA, region_data

    res, C = 4, 3
    ys, xs = np.meshgrid(np.linspace(-1, 1, res), np.linspace(-1, 1, res), indexing="ij")
    cls = (np.arange(res * res) % C)
    p = np.linspace(1 / C, 1.0, res * res)
    grid = pd.DataFrame({"x": xs.ravel(), "y": ys.ravel(), "cls": cls, "p": p})
    pts = pd.DataFrame({"x": [0.0], "y": [0.5], "cls": [2], "split": ["test"]})
    data = region_data(grid, pts, ["a", "b", "c"], {"train": "tr", "test": "te"})
    url = data["image"]["url"][0]
    img = np.array(Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))))
    assert img.shape == (res, res, 4)
    for k in range(res * res):
        i, j = divmod(k, res)  # grid row i is the i-th smallest y: image row res-1-i
        sure = (p[k] - 1 / C) / (1 - 1 / C)
        opacity = ALPHA[0] + (ALPHA[1] - ALPHA[0]) * sure
        colour = [int(PALETTE[cls[k]][n:n + 2], 16) for n in (1, 3, 5)]
        # the class colour over white at that opacity, as an opaque pixel (a live chart stacks two copies)
        assert img[res - 1 - i, j].tolist() == [round(255 + (c - 255) * opacity) for c in colour] + [255]
    half = 2 / (res - 1) / 2  # the picture reaches half a cell past the outer cell centres
    assert data["image"][["x", "x2", "y", "y2"]].iloc[0].tolist() == pytest.approx([-1 - half, 1 + half, -1 - half, 1 + half])
    assert data["points"].iloc[0].tolist() == [0.0, 0.5, "c", "te"]


def test_projector_mode_stacks_bigger_charts(app):
    import json

    at = small(app("spiral", "zh", projector="1"))
    assert not at.exception, [e.value for e in at.exception]
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    regions = next(s for s in specs if any(layer.get("mark", {}).get("type") == "image" for layer in s.get("layer", [])))
    assert regions["width"] == regions["height"] == 560
    at.button(key="spiral_step").click().run()
    assert metric(at, "step", "zh") == "10"


def test_live_regions_send_a_60px_picture_and_a_few_hundred_points(app):
    import base64
    import io
    import json

    import pyarrow as pa
    from PIL import Image

    at = app("spiral", "en")
    chart = next(c for c in at.get("vega_lite_chart") if '"image"' in c.proto.spec)
    spec = json.loads(chart.proto.spec)
    assert spec["width"] == spec["height"] == 300
    tables = {d.name: pa.ipc.open_stream(d.data.data).read_pandas() for d in chart.proto.datasets}
    assert set(tables) == {"image", "image_under", "points"}  # a copy beneath: ui.charts.live.Alternate
    assert tables["image"].equals(tables["image_under"])  # a first draw shows the same picture in both
    assert [layer["data"]["name"] for layer in spec["layer"]] == ["image_under", "image", "points"]
    png = base64.b64decode(tables["image"]["url"][0].split(",", 1)[1])
    assert Image.open(io.BytesIO(png)).size == (60, 60)
    assert 200 <= len(tables["points"]) <= 300 and set(tables["points"]["name"]) == {"class 0", "class 1", "class 2"}
