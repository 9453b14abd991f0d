import pandas as pd

from ui import charts
from ui.charts.traces import trace


def test_a_finished_builder_makes_valid_vega_lite_with_palette_and_titles():
    df = pd.DataFrame({"x": [0, 1, 2], "y": [1, 2, 3]})
    spec = charts.finish(trace(df, "x", "y", x_title="x 轴", y_title="y", x_domain=(0, 2), y_domain=(0, 4),
                               log_y=False)).to_dict()
    assert spec["encoding"]["x"]["title"] == "x 轴"
    assert spec["encoding"]["y"]["scale"]["domain"] == [0, 4]
    assert spec["config"]["range"]["category"] == charts.PALETTE


def test_projector_style_is_bigger_everywhere():
    n, p = charts.NORMAL, charts.PROJECTOR
    assert p.font > n.font and p.title > n.title and p.stroke > n.stroke and p.height > n.height
    spec = charts.finish(trace(pd.DataFrame({"x": [0], "y": [1]}), "x", "y", x_title="x", y_title="y",
                               x_domain=(0, 1), y_domain=(0.1, 10), style=p), style=p).to_dict()
    assert spec["config"]["axis"]["labelFontSize"] == p.font
    assert spec["mark"]["strokeWidth"] == p.stroke


def test_palette_is_distinct_hex_colours():
    assert len(set(charts.PALETTE)) == len(charts.PALETTE) >= 7
    assert all(c.startswith("#") and len(c) == 7 for c in charts.PALETTE)


def _contrast_on_white(hex_colour: str) -> float:
    """WCAG 2 contrast ratio of a colour against white."""
    c = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
    return 1.05 / (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2] + 0.05)


def test_presenter_colours_read_from_the_back_of_a_room():
    import altair as alt

    from ui.charts import HIGH_CONTRAST, PALETTE, PRESENTER, finish

    assert min(_contrast_on_white(h) for h in HIGH_CONTRAST) >= 3.0  # WCAG's bar for lines and marks
    assert min(_contrast_on_white(h) for h in PALETTE) < 3.0  # why presenter mode has its own
    assert len(set(HIGH_CONTRAST)) == len(HIGH_CONTRAST) == len(PALETTE)
    spec = finish(alt.Chart(pd.DataFrame({"x": [0]})).mark_point().encode(x="x:Q"), PRESENTER).to_dict()
    assert spec["config"]["range"]["category"] == HIGH_CONTRAST
    assert spec["config"]["axis"]["labelColor"] == "#000000" and spec["config"]["axis"]["labelFontSize"] > 13
    assert PRESENTER.big and PRESENTER.wide and not PRESENTER.stacked


def test_a_live_picture_is_fed_to_its_two_layers_in_turn():
    """Each new picture replaces one of the two image layers, so the other still shows a loaded picture: never
    both at once (a blank square while the browser decodes); and at most one new picture every ``every``
    seconds, so a browser behind the frames has the time to load one before the other is replaced."""
    import pandas as pd

    from ui.charts.live import Alternate, under

    now = [0.0]
    images = Alternate("image", every=0.1, clock=lambda: now[0])
    frames = [pd.DataFrame({"url": [f"frame {k}"]}) for k in range(8)]
    assert images.due()  # a first draw always sends
    sent = [images(frames[0])]
    assert sent[0]["image"] is frames[0] and sent[0][under("image")] is frames[0]
    for k in range(1, 8):
        now[0] += 0.06  # frames every 60 ms: a new picture every other frame
        due = images.due()
        sent.append(images(frames[k]))
        changed = [name for name in sent[k] if sent[k][name] is not sent[k - 1][name]]
        assert due == bool(changed), (k, due, changed)  # pages skip the chart exactly when nothing would change
        assert len(changed) <= 1, changed  # never both layers in one frame
        assert changed == ([] if k % 2 else [["image", under("image")][(k // 2 - 1) % 2]]), (k, changed)
        if changed:
            assert sent[k][changed[0]] is frames[k]  # the newest picture is what goes out
    shown = {tuple(t["url"][0] for t in s.values()) for s in sent}
    assert all(len(set(pair)) <= 2 for pair in shown)


def test_arrow_bytes_read_back_as_streamlits_own_conversion():
    """A live chart's tables travel as Arrow bytes made column by column (ui.charts.live.arrow): read back,
    they hold what Streamlit's own conversion of the same DataFrame holds (NaN as null, strings, integers);
    bytes pass through untouched, and a column of mixed types still converts (Streamlit's way)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    from streamlit import dataframe_util

    from ui.charts.live import arrow, feed

    def back(data: bytes) -> dict:
        return pa.ipc.open_stream(data).read_all().to_pydict()

    df = pd.DataFrame({"x": [0.5, np.nan, -2.0], "n": [1, 2, 3], "name": ["class 0", "类别 1", "class 2"],
                       "p": pd.Series([0.1, 0.2, 0.3], dtype="float32")})
    ours, theirs = back(arrow(df)), back(dataframe_util.convert_pandas_df_to_arrow_bytes(df))
    assert {k: theirs[k] for k in ours} == ours and set(ours) == set(df.columns)
    assert ours["x"][1] is None
    assert back(arrow({"url": ["data:image/png;base64,AAAA"], "x": [1.5]})) == {"url": ["data:image/png;base64,AAAA"],
                                                                                 "x": [1.5]}
    made = arrow(df)
    assert arrow(made) is made
    assert back(arrow(pd.DataFrame({"mixed": [1, "a", 2.5]})))["mixed"] == ["1", "a", "2.5"]
    indexed = pd.DataFrame({"v": [1.0, 2.0]}, index=pd.Index(["a", "b"], name="k"))
    assert back(arrow(indexed)) == back(dataframe_util.convert_pandas_df_to_arrow_bytes(indexed))  # "k" kept
    spec = {"mark": "point"}
    sent = feed(spec, points=made, image={"u": ["x"]})
    assert sent["datasets"]["points"] is made and isinstance(sent["datasets"]["image"], bytes)
    assert spec == {"mark": "point"}  # a frozen spec is shared by every frame: feed must not change it
