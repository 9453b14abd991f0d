"""Activations: a link restores the view; the page keeps its view in the URL; bad values are clamped."""

from tests.conftest import link_query, view_link, widget
from ui.i18n import t


def test_a_link_restores_the_view(app):
    at = app("activations", "en", act="tanh,leaky_relu", x="-3,4", depth="20", leaky_relu_alpha="0.2", temp="2.5",
             big="1")
    assert not at.exception and not at.toast
    assert widget(at, "multiselect", "act_pick").value == ["tanh", "leaky_relu"]
    assert widget(at, "slider", "act_range").value == (-3.0, 4.0)
    assert widget(at, "slider", "act_depth").value == 20
    assert widget(at, "slider", "act_leaky_relu_alpha").value == 0.2
    assert widget(at, "slider", "act_temp").value == 2.5
    assert widget(at, "toggle", "act_big").value is True
    # the numbers follow the restored view: the depth table's factor is for L = 20
    assert t("activations.bound_note", lang="en", depth=20, bound=0.25 ** 20) in [m.value for m in at.markdown]
    assert link_query(at) == {"lang": "en", "act": "tanh,leaky_relu", "x": "-3,4", "depth": "20",
                                       "leaky_relu_alpha": "0.2", "temp": "2.5", "big": "1"}


def test_widgets_write_the_url_and_defaults_leave_it(app):
    at = app("activations", "en")
    assert dict(at.query_params) == {"lang": "en"}
    widget(at, "slider", "act_depth").set_value(25).run()
    assert at.query_params["depth"] == "25"
    widget(at, "slider", "act_depth").set_value(10).run()  # the default
    assert "depth" not in at.query_params


def test_a_knob_leaves_the_link_with_its_activation(app):
    at = app("activations", "en", act="relu,elu", elu_alpha="2")
    assert at.query_params["elu_alpha"] == "2"
    widget(at, "multiselect", "act_pick").set_value(["relu"]).run()
    assert "elu_alpha" not in at.query_params and "elu_alpha" not in view_link(at)


def test_bad_values_are_clamped_with_a_notice(app):
    at = app("activations", "zh", depth="999", x0="nan", act="relu,<script>", thr="abc", unknown="1")
    assert not at.exception
    note = at.toast[0].value
    for name in ("depth", "x0", "act", "thr"):
        assert f"`{name}`" in note
    assert widget(at, "slider", "act_depth").value == 30
    assert widget(at, "slider", "act_x0").value == 1.0
    assert widget(at, "multiselect", "act_pick").value == ["relu"]
    assert "unknown" not in at.query_params


def test_round_trip_through_the_link(app):
    at = app("activations", "en")
    widget(at, "multiselect", "act_pick").set_value(["gelu", "silu"]).run()
    widget(at, "slider", "act_x0").set_value(-2.3).run()
    widget(at, "slider", "act_scale").set_value(2.0).run()
    query = link_query(at)
    again = app("activations", query.pop("lang"), **query)
    assert not again.toast
    for kind, key in (("multiselect", "act_pick"), ("slider", "act_x0"), ("slider", "act_scale")):
        assert widget(again, kind, key).value == widget(at, kind, key).value
