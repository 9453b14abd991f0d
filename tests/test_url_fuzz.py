"""Strangers' URLs: arbitrary parameters thrown at every page never make a traceback.

Whatever the link says, the page opens, the values it keeps are legal (the URL it writes back
reads cleanly: a second visit with it raises no notice), and unknown parameters are dropped.
"""
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.conftest import PAGES, open_app
from ui.page import PARAMS_KEY
from ui.urlstate import SHELL

HOSTILE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["nan", "inf", "-inf", "1e999", "-1e309", "0", "-1", "2147483648", "99999999999999999999",
                     "1e-400", "<script>alert(1)</script>", "'; DROP TABLE x;--", "../../etc/passwd", "%00", "\u202e",
                     "true", "1,2,3", ",,,", "x" * 5000, "中文", "0.1" * 50, "", "relu,relu,relu,relu,relu,relu"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-10**30, max_value=10**30).map(str),
)
DUPLICATE_DEFAULT = "default value but also had its value set via the Session State API"


@pytest.fixture(scope="module")
def param_names():
    """slug -> the URL names its page reads (filled on first use: opening a page costs a second)."""
    return {}


def check_clean(at):
    assert not at.exception, [e.value for e in at.exception]
    assert not [w for w in at.warning if DUPLICATE_DEFAULT in w.value]


@pytest.mark.parametrize("slug", PAGES)
@settings(max_examples=10, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],  # no shrinking: a page run costs a second
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_arbitrary_parameters_never_break_a_page(slug, data, param_names):
    if slug not in param_names:
        state = open_app(slug, {"lang": "en"}, timeout=90).session_state
        assert PARAMS_KEY in state, "every page starts with ui.page.header()"
        param_names[slug] = sorted(state[PARAMS_KEY])
    names = param_names[slug]
    key = st.one_of(st.sampled_from(names + list(SHELL)) if names else st.sampled_from(list(SHELL)),
                    st.text(min_size=1, max_size=12))
    query = data.draw(st.dictionaries(key, HOSTILE, min_size=1, max_size=8), label="query")
    at = open_app(slug, query, timeout=90)
    check_clean(at)
    kept = {k: at.query_params[k] for k in at.query_params}
    assert set(kept) <= set(names) | set(SHELL), kept  # unknown parameters dropped

    again = open_app(slug, kept, timeout=90)  # the URL the page wrote is one it reads without a notice
    check_clean(again)
    assert not again.toast, [x.value for x in again.toast]
    assert {k: again.query_params[k] for k in again.query_params} == kept


@pytest.mark.parametrize("value", ["1e999", "-99999999", "nan", "<script>alert(1)</script>", "x" * 5000, ""])
@pytest.mark.parametrize("slug", [p for p in PAGES if p != "home"])
def test_every_parameter_of_a_page_hostile_at_once(slug, value, param_names):
    """Hypothesis samples a few parameters per link; this sets every one the page reads."""
    if slug not in param_names:
        param_names[slug] = sorted(open_app(slug, {"lang": "en"}, timeout=90).session_state[PARAMS_KEY])
    at = open_app(slug, {"lang": "zh", **{name: value for name in param_names[slug]}}, timeout=90)
    check_clean(at)
    again = open_app(slug, {k: at.query_params[k] for k in at.query_params}, timeout=90)
    check_clean(again)
    assert not again.toast
