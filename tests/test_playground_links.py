"""The playground's link: every control in the URL, a link reopens the view and trains the same numbers,
strangers' values are clamped with a notice, presenter mode keeps the main controls in the open."""
import json

import pytest

from tests.conftest import link_query, metrics, python_code, view_link, widget
from tests.test_spiral_links import secondary_of, toasts
from ui.i18n import t
from ui.playground_view import URL


@pytest.fixture
def app(app_one_thread):
    """The page on one torch thread (tests/conftest.py app_one_thread)."""
    return app_one_thread


def trainer(at):
    return at.session_state["pg_trainer"][1]


def settings(at) -> dict:
    return dict(at.session_state["pg_trainer"][0][2])


@pytest.mark.parametrize("param", URL, ids=lambda p: p.name)
def test_every_default_survives_its_own_link(param):
    assert param.kind.parse(param.kind.text(param.default)) == (param.default, True)


def test_names_are_unique_and_every_widget_key_is_in_the_table():
    names, keys = [p.name for p in URL], {p.key for p in URL}
    assert len(names) == len(set(names))
    source = open("lessons/playground.py").read()
    import re

    # every keyed control on the page is in the table, except those that cannot travel in a link
    page_keys = set(re.findall(r'key="(pg_\w+)"', source)) | {f"pg_w{i}" for i in range(4)}
    session_only = {"pg_click_label", "pg_click_value", "pg_clear"}
    assert page_keys - session_only <= keys, page_keys - session_only - keys


def test_a_link_restores_the_view_and_the_url_follows_the_controls(app, duplicate_warnings):
    query = dict(task="regress", target="gaussians", points="120", feat="x1,x2,x1x2", layers="1", w1="8",
                 act="relu", opt="sgd", lr="0.1", batch="0", reg="l2", rate="0.01", testpts="0", spf="5",
                 unit="h1.3", seed="9", test="0.2", noise="0.05")
    at = app("playground", "en", **query)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.toast and not duplicate_warnings
    s = settings(at)
    assert (s["hidden"], s["activation"], s["optimizer"], s["lr"], s["features"]) == ((8,), "relu", "sgd", 0.1,
                                                                                        ("x1", "x2", "x1x2"))
    assert (s["regularization"], s["reg_rate"], s["seed"], s["test_fraction"]) == ("l2", 0.01, 9, 0.2)
    assert len(trainer(at).y_all) == 120 and type(trainer(at)).__name__ == "PlaneRegressionTrainer"
    assert at.selectbox(key="pg_unit").value == "h1.3" and at.toggle(key="pg_show_test").value is False
    link = link_query(at)
    for k, v in query.items():
        assert link[k] == v, k
    at.button(key="playground_step").click().run()
    assert metrics(at)[t("playground.step")] == "5"  # spf=5 from the link drives Step
    at.select_slider(key="pg_lr").set_value(0.03).run()  # back to the default: the link no longer says it
    assert "lr" not in at.query_params and "lr=" not in view_link(at)
    at.select_slider(key="pg_rate").set_value(0.3).run()
    assert at.query_params["rate"] == "0.3"


def test_classification_settings_reopen_the_same_run(app):
    at = app("playground", "en", ds="xor", feat="x1x2", layers="0", discrete="1", seed="3")
    assert not at.exception
    at.multiselect(key="pg_feats").set_value(["x1", "x1x2"])
    at.slider(key="pg_depth").set_value(2).run()
    at.select_slider(key="pg_w1").set_value(3).run()
    at.selectbox(key="pg_unit").set_value("h2.2").run()
    query = link_query(at)
    lang = query.pop("lang")
    again = app("playground", lang, **query)
    assert not again.exception and not again.toast
    assert settings(again) == settings(at) and again.toggle(key="pg_discrete").value is True
    assert again.selectbox(key="pg_unit").value == "h2.2"
    for page in (at, again):
        page.button(key="playground_step").click().run()
    assert metrics(again) == metrics(at)
    assert python_code(again)[-1] == python_code(at)[-1]


def test_bad_values_are_clamped_or_ignored_with_a_notice(app, duplicate_warnings):
    at = app("playground", "en", n="99999", lr="-1", feat="x1,nope,x1,x2", layers="9", w1="1000", unit="h9.9",
             reg="l3", rate="1e9", task="<script>", discrete="maybe", noise="0.5")
    assert not at.exception, [e.value for e in at.exception]
    assert not duplicate_warnings
    notice = toasts(at)
    for name in ("`n`", "`lr`", "`feat`", "`layers`", "`w1`", "`unit`", "`reg`", "`rate`", "`task`", "`discrete`"):
        assert name in notice, (name, notice)
    assert "`noise`" not in notice
    s = settings(at)
    assert s["features"] == ("x1", "x2") and s["hidden"] == (128, 2, 2, 2) and s["lr"] == 1e-4
    assert s["regularization"] == "none" and at.select_slider(key="pg_rate").value == 1.0
    assert len(trainer(at).y_all) == 2 * 500 and at.selectbox(key="pg_task").value == "classify"
    assert not any("<script>" in c for c in (view_link(at), *python_code(at)))


def test_presenter_mode_keeps_the_main_controls_in_the_open(app):
    at = app("playground", "zh", present="1")
    assert not at.exception, [e.value for e in at.exception]
    where = secondary_of(at)
    for key in ("pg_task", "pg_ds", "pg_feats", "pg_depth", "pg_reg", "pg_rate", "pg_lr", "playground_toggle",
                "playground_step"):
        assert where[key] is None, key
    for key in ("pg_seed", "pg_n", "pg_test", "pg_batch", "pg_spf"):
        assert where[key] and where[key].startswith("secondary_"), key
    plane = next(json.loads(c.proto.spec) for c in at.get("vega_lite_chart")
                 if json.loads(c.proto.spec).get("description") == t("chart.pg_regions", lang="zh"))
    assert plane["width"] == 220  # beside the diagram, so both share the first screen with Play
