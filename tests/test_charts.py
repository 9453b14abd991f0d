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
