"""URL parameter kinds: whatever a stranger types becomes a legal value, and a legal value survives the trip."""
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ui.urlstate import MAX_RAW, Choice, Flag, Many, Number, Param, Span, Steps, read

RAW = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["nan", "inf", "-inf", "1e999", "-1e999", "1e-320", "0x10", " 3 ", "3,4,5", ",", "", "-0",
                     "9" * 5000, "<script>alert(1)</script>", "%00", "1_000", "٣", "１２"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers().map(str),
    st.lists(st.text(max_size=10), max_size=4),  # a repeated parameter
)

KINDS = {
    "choice": Param("c", "k", Choice(["relu", "tanh", 64, 0.5]), "relu"),
    "int": Param("i", "k", Number(1, 50, 1, integer=True), 20),
    "float": Param("f", "k", Number(-5.0, 5.0, 0.1), 0.8),
    "steps": Param("s", "k", Steps((1e-4, 1e-3, 1e-2, 0.1)), 1e-3),
    "span": Param("r", "k", Span(-20.0, 20.0, 0.5), (-6.0, 6.0)),
    "many": Param("m", "k", Many(["sigmoid", "tanh", "relu"], 2), ["tanh"]),
    "flag": Param("b", "k", Flag(), False),
}


def legal(param: Param, value) -> bool:
    k = param.kind
    if isinstance(k, Choice):
        return value in k.options
    if isinstance(k, Number):
        on_grid = math.isclose((value - k.lo) / k.step, round((value - k.lo) / k.step), abs_tol=1e-6)
        return k.lo <= value <= k.hi and on_grid and (isinstance(value, int) if k.integer else isinstance(value, float))
    if isinstance(k, Steps):
        return value in k.options
    if isinstance(k, Span):
        return isinstance(value, tuple) and all(legal(Param("", "", Number(k.lo, k.hi, k.step), 0.0), v) for v in value) \
            and value[0] <= value[1]
    if isinstance(k, Many):
        return len(value) <= k.most and len(set(value)) == len(value) and set(value) <= set(k.options)
    return isinstance(value, bool)


@pytest.mark.parametrize("name", KINDS)
@settings(max_examples=150, deadline=None)
@given(raw=RAW)
def test_any_text_reads_as_a_legal_value(name, raw):
    param = KINDS[name]
    value, _ = read(param, raw)
    assert legal(param, value), (raw, value)


@pytest.mark.parametrize("name", KINDS)
def test_the_default_is_legal_and_round_trips(name):
    param = KINDS[name]
    assert legal(param, param.default)
    assert read(param, param.kind.text(param.default)) == (param.default, True)


@settings(max_examples=100, deadline=None)
@given(value=st.integers(1, 50))
def test_integers_round_trip(value):
    assert read(KINDS["int"], KINDS["int"].kind.text(value)) == (value, True)


@settings(max_examples=100, deadline=None)
@given(k=st.integers(-50, 50))
def test_grid_floats_round_trip_without_float_noise(k):
    p = KINDS["float"]
    value = round(k * 0.1, 10)
    text = p.kind.text(value)
    assert len(text) <= 5  # "-3.3", not "-3.3000000000000003"
    assert read(p, text) == (value, True)


@pytest.mark.parametrize("name, raw, expected, as_asked", [
    ("int", "999", 50, False),  # clamped
    ("int", "-3", 1, False),
    ("int", "7.4", 7, False),  # snapped to the step
    ("int", "abc", 20, False),  # malformed: the default
    ("int", "nan", 20, False),
    ("int", "1e999", 20, False),
    ("int", "12", 12, True),
    ("float", "0.86", 0.9, False),
    ("float", " 2.5 ", 2.5, True),
    ("steps", "0.002", 1e-3, False),  # nearest option
    ("steps", "0.01", 1e-2, True),
    ("span", "5,-30", (-20.0, 5.0), False),
    ("span", "-3,4", (-3.0, 4.0), True),
    ("span", "1", (-6.0, 6.0), False),
    ("many", "relu,bogus,relu", ["relu"], False),
    ("many", "relu,tanh,sigmoid", ["relu", "tanh"], False),  # at most two
    ("many", "sigmoid,relu", ["sigmoid", "relu"], True),
    ("choice", "64", 64, True),  # options that are not text still read back
    ("choice", "<script>", "relu", False),
    ("flag", "on", True, True),
    ("flag", "maybe", False, False),
    ("int", "9" * (MAX_RAW + 1), 20, False),  # refused before parsing
    ("int", ["3", "4"], 4, True),  # a repeated parameter: the last one
])
def test_examples(name, raw, expected, as_asked):
    assert read(KINDS[name], raw) == (expected, as_asked)


TYPED = Param("z", "k", Number(-100.0, 100.0, 0.5, snap=False), 2.0)  # a number_input: typed values stand
SEED = Param("seed", "k", Number(0, 2**31 - 1, 1, integer=True), 0)


@settings(max_examples=200, deadline=None)
@given(value=st.floats(-100, 100, allow_nan=False).map(lambda v: float(f"{v:.10g}")))
def test_typed_numbers_round_trip_as_typed(value):
    assert read(TYPED, TYPED.kind.text(value)) == (value, True)


@pytest.mark.parametrize("raw, expected, as_asked", [
    ("1.2345678", 1.2345678, True),
    ("0.3", 0.3, True),
    ("250", 100.0, False),
    ("2147483647", 2**31 - 1, True),
    ("2147483648", 2**31 - 1, False),  # one past the end is noticed, not silently equal in floating point
    ("2147483000.4", 2147483000, False),
    ("99999999999999999999999999", 2**31 - 1, False),
])
def test_typed_and_whole_number_examples(raw, expected, as_asked):
    param = SEED if isinstance(expected, int) else TYPED
    assert read(param, raw) == (expected, as_asked)


def test_a_default_list_is_never_handed_out_shared():
    from unittest import mock

    from ui import urlstate

    many = Param("m", "m", Many(["a", "b"], 2), ["a"])
    state, query = {}, mock.MagicMock()
    query.__contains__.return_value = False
    with mock.patch.object(urlstate.st, "session_state", state), mock.patch.object(urlstate.st, "query_params", query):
        urlstate.restore([many])
    state["m"].append("b")  # a page (or Streamlit) changing one visitor's list
    assert many.default == ["a"]


def test_minus_zero_writes_back_as_zero():
    """-0.0 == 0.0, but it would write "-0", which reads back as the whole number 0: a link that changes."""
    value, _ = read(TYPED, "-0.0")
    assert TYPED.kind.text(value) == "0" and read(TYPED, "0") == (value, True)
