"""core.linear and core.train.RegressionTrainer against closed forms, autograd and the course's numbers."""
import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from core import linear
from core.data import make_linear
from core.train import RegressionTrainer
from core.train import regression
from core.train.regression import OPTIMIZERS


@pytest.fixture(scope="module")
def course():
    return make_linear(100, 3.0, 0.8, 0.0, seed=0)


@pytest.fixture(scope="module")
def noisy():
    return make_linear(200, -1.5, 2.0, 0.3, seed=7)


def course_loop(x, y, w0, b0, lr, n):
    """The course's loop, typed out independently of core."""
    w = torch.tensor([[w0]], requires_grad=True)
    b = torch.tensor([b0], requires_grad=True)
    for _ in range(n):
        loss = ((torch.matmul(x, w) + b - y) ** 2).mean()
        loss.backward()
        w.data -= lr * w.grad
        b.data -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item()


def test_the_course_run_ends_near_2_4_and_1_1(course):
    t = RegressionTrainer(*course, lr=0.01, w0=1.0, b0=0.0, device="cpu").step(500)
    assert t.steps == 500 and t.history[-1]["step"] == 500
    assert t.w == pytest.approx(2.4, abs=0.05) and t.b == pytest.approx(1.1, abs=0.05)
    assert (t.w, t.b) == course_loop(*course, 1.0, 0.0, 0.01, 500)  # bit for bit: it is the course's loop
    assert not t.diverged and abs(t.w - 3) > 0.5  # not there yet, as the course shows


def test_gd_matches_the_linear_recursion_in_float64(noisy):
    """θ ← θ − lr·(Hθ − c): plain gradient descent on a quadratic, computed without autograd."""
    x, y = noisy
    X = linear.design(x)
    H = linear.hessian(x)
    c = 2 / len(X) * X.T @ y.double().reshape(-1)
    theta = torch.tensor([0.5, -1.0], dtype=torch.float64)
    t = RegressionTrainer(x, y, lr=0.1, w0=0.5, b0=-1.0, device="cpu")
    for k in range(1, 301):
        theta = theta - 0.1 * (H @ theta - c)
        if k % 50 == 0:
            t.step(50)
            assert (t.w, t.b) == pytest.approx(theta.tolist(), abs=2e-5)


@pytest.mark.parametrize("start", [(1.0, 0.0), (-4.0, 6.0)])
def test_manual_and_module_sgd_agree_step_for_step(noisy, start):
    x, y = noisy
    a = RegressionTrainer(x, y, lr=0.05, mode="manual", w0=start[0], b0=start[1], device="cpu")
    b = RegressionTrainer(x, y, lr=0.05, mode="module", optimizer="sgd", w0=start[0], b0=start[1], device="cpu")
    for _ in range(300):
        a.step()
        b.step()
    assert len(a.history) == len(b.history) == 301
    for ra, rb in zip(a.history, b.history):
        assert ra["step"] == rb["step"]
        # float32: torch.optim fuses lr*grad into the add, the course rounds it first
        assert ra["w"] == pytest.approx(rb["w"], rel=1e-5, abs=1e-6)
        assert ra["b"] == pytest.approx(rb["b"], rel=1e-5, abs=1e-6)
        assert ra["loss"] == pytest.approx(rb["loss"], rel=1e-4, abs=1e-7)


def test_step_n_equals_n_single_steps(noisy):
    a = RegressionTrainer(*noisy, lr=0.05, device="cpu").step(37)
    b = RegressionTrainer(*noisy, lr=0.05, device="cpu")
    for _ in range(37):
        b.step()
    assert a.history == b.history


@pytest.mark.parametrize("mode,opt,lr,n", [("manual", "sgd", 0.5, 400), ("module", "sgd", 0.5, 400),
                                           ("module", "momentum", 0.05, 800), ("module", "adam", 0.05, 1500)])
def test_converges_to_the_closed_form(noisy, mode, opt, lr, n):
    w_opt, b_opt = linear.least_squares(*noisy)
    t = RegressionTrainer(*noisy, lr=lr, mode=mode, optimizer=opt, w0=1.0, b0=0.0, device="cpu").step(n)
    assert (t.w, t.b) == pytest.approx((w_opt, b_opt), abs=2e-3)
    assert t.loss == pytest.approx(linear.mse(*noisy, w_opt, b_opt), rel=1e-3)


def test_least_squares_closed_form(course, noisy):
    assert linear.least_squares(*course) == pytest.approx((3.0, 0.8), abs=1e-5)
    x, y = (v.double().reshape(-1) for v in noisy)
    w = ((x - x.mean()) * (y - y.mean())).mean() / x.var(unbiased=False)
    assert linear.least_squares(*noisy) == pytest.approx((float(w), float(y.mean() - w * x.mean())), abs=1e-9)


def test_hessian_is_autograds_and_bound_is_two_over_lambda_max(noisy):
    x, y = (v.double() for v in noisy)
    H = torch.autograd.functional.hessian(lambda p: ((x * p[0] + p[1] - y) ** 2).mean(),
                                          torch.tensor([0.3, 0.2], dtype=torch.float64))
    assert torch.allclose(linear.hessian(x), H, atol=1e-12)
    assert linear.max_stable_lr(x) == pytest.approx(2 / float(torch.linalg.eigvalsh(H).max()), rel=1e-12)


@pytest.mark.parametrize("data", ["course", "noisy"])
def test_the_bound_is_where_divergence_starts(data, request):
    x, y = request.getfixturevalue(data)
    bound = linear.max_stable_lr(x)
    below = RegressionTrainer(x, y, lr=0.97 * bound, w0=0.0, b0=0.0, device="cpu").step(2000)
    above = RegressionTrainer(x, y, lr=1.03 * bound, w0=0.0, b0=0.0, device="cpu").step(2000)
    best = linear.mse(x, y, *linear.least_squares(x, y))
    assert not below.diverged and below.loss - best < 1e-3 * (below.history[0]["loss"] - best)
    assert above.diverged and above.steps < 2000


def test_divergence_is_flagged_without_exception_and_keeps_a_finite_path(course):
    t = RegressionTrainer(*course, lr=10.0, device="cpu").step(500)
    assert t.diverged and 0 < t.steps < 500
    assert all(math.isfinite(r[k]) for r in t.history for k in ("loss", "w", "b"))
    assert math.isfinite(t.w) and math.isfinite(t.b) and t.loss > 1e3 * t.history[0]["loss"]
    before = list(t.history)
    assert t.step(10).history == before  # a diverged run stays where it stopped


def test_history_stays_small_and_keeps_both_ends(course, monkeypatch):
    monkeypatch.setattr(regression, "MAX_HISTORY", 40)
    t = RegressionTrainer(*course, lr=0.01, device="cpu")
    for n in (1, 99, 7, 200, 3, 290):
        t.step(n)
    assert len(t.history) <= 40 and t.history[0]["step"] == 0 and t.history[-1]["step"] == 600
    steps = [r["step"] for r in t.history]
    assert steps == sorted(set(steps))
    assert (t.history[-1]["w"], t.history[-1]["b"]) == (t.w, t.b)


def test_bad_arguments_raise_value_errors(course):
    for kwargs in ({"mode": "manual", "optimizer": "adam"}, {"mode": "nope"}, {"optimizer": "lbfgs"}):
        with pytest.raises(ValueError):
            RegressionTrainer(*course, lr=0.1, device="cpu", **kwargs)
    for lr in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError):
            RegressionTrainer(*course, lr=lr, device="cpu")


def test_optimizers_have_both_languages():
    assert set(OPTIMIZERS) == {"sgd", "momentum", "adam"}
    assert all(set(o.label) == {"en", "zh"} for o in OPTIMIZERS.values())


@settings(max_examples=40, deadline=None)
@given(st.floats(-20, 20), st.floats(-20, 20))
def test_moments_loss_is_the_mean_squared_error(w, b):
    x, y = make_linear(50, 1.2, -0.4, 0.5, seed=3)
    direct = float(((w * x.double() + b - y.double()) ** 2).mean())
    assert linear.mse(x, y, w, b) == pytest.approx(direct, rel=1e-9, abs=1e-9)


def test_loss_grid_cells_and_window(noisy):
    start = (5.0, -3.0)
    (w_lo, w_hi), (b_lo, b_hi) = linear.window(*noisy, [start])
    w_opt, b_opt = linear.least_squares(*noisy)
    assert w_lo < min(w_opt, 5.0) and w_hi > max(w_opt, 5.0) and b_lo < -3.0 and b_hi > b_opt
    grid = linear.loss_grid(*noisy, (w_lo, w_hi), (b_lo, b_hi), resolution=30)
    assert len(grid) == 900 and grid["w"].between(w_lo, w_hi).all() and grid["b"].between(b_lo, b_hi).all()
    for _, row in grid.sample(5, random_state=1).iterrows():
        assert row["loss"] == pytest.approx(linear.mse(*noisy, row["w"], row["b"]), rel=1e-9)
    best = grid.loc[grid["loss"].idxmin()]
    assert abs(best["w"] - w_opt) <= row["dw"] and abs(best["b"] - b_opt) <= row["db"]
    assert torch.isfinite(torch.tensor(grid["log10_loss"].to_numpy())).all()
    (x_lo, x_hi), (y_lo, y_hi) = linear.data_box(*noisy, start)
    x, y = noisy
    assert x_lo == float(x.min()) and x_hi == float(x.max()) and y_lo < float(y.min()) and y_hi > float(y.max())
    assert y_lo < 5.0 * x_lo - 3.0 < y_hi and y_lo < 5.0 * x_hi - 3.0 < y_hi  # the starting line is in view


# ---- CSV ------------------------------------------------------------------------------------

def test_csv_good_with_and_without_header():
    x, y = linear.read_xy_csv(b"x,y\n0,0.8\n0.5,2.3\n1,3.8\n")
    assert x.shape == (3, 1) and y.dtype == torch.float32
    assert linear.least_squares(x, y) == pytest.approx((3.0, 0.8), abs=1e-6)
    x2, y2 = linear.read_xy_csv("0;1\r\n2;5\r\n\r\n4;9\r\n".encode("utf-8-sig"))
    assert x2.reshape(-1).tolist() == [0, 2, 4] and y2.reshape(-1).tolist() == [1, 5, 9]


@pytest.mark.parametrize("data,code", [
    (b"", "empty"), (b"  \n\n", "empty"), (b"x,y\n", "empty"),
    (b"\xff\xfe\x00\x01\x02binary", "not_text"),
    (b"1,2,3\n4,5,6\n", "columns"), (b"1\n2\n3\n", "columns"),
    (b"x,y\n1,2\n3,abc\n", "not_numeric"), (b"1,2\n,3\n", "not_numeric"),
    (b"1,2\n2,nan\n", "not_finite"), (b"1,2\ninf,3\n", "not_finite"),
    (b"1,2\n", "too_few_rows"), (b"2,1\n2,3\n2,5\n", "constant_x"), (b"1,2\n2,1e9\n", "too_large_values"),
])
def test_csv_bad_files_get_their_reason(data, code):
    with pytest.raises(linear.CsvError) as e:
        linear.read_xy_csv(data)
    assert e.value.code == code


def test_csv_caps_on_size_and_rows():
    rows = "".join(f"{i},{2 * i}\n" for i in range(60)).encode()
    with pytest.raises(linear.CsvError) as e:
        linear.read_xy_csv(rows, max_rows=50)
    assert e.value.code == "too_many_rows" and e.value.params == {"max_rows": 50}
    with pytest.raises(linear.CsvError) as e:
        linear.read_xy_csv(rows, max_bytes=100)
    assert e.value.code == "too_big"
    assert len(linear.read_xy_csv(rows, max_rows=60)[0]) == 60


def test_not_numeric_names_the_row():
    with pytest.raises(linear.CsvError) as e:
        linear.read_xy_csv(b"x,y\n1,2\n3,4\n5,oops\n")
    assert e.value.params == {"row": 4, "value": "oops"}


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(alphabet="0123456789.,;\t\n -eEnaifxy\"", max_size=200).map(str.encode)))
def test_any_bytes_either_load_or_raise_a_csv_error(data):
    try:
        x, y = linear.read_xy_csv(data)
    except linear.CsvError as e:
        assert e.code in {"too_big", "empty", "not_text", "parse", "columns", "not_numeric", "not_finite",
                          "too_many_rows", "too_few_rows", "constant_x", "too_large_values"}
    else:
        assert x.shape == y.shape and x.shape[0] >= 2 and torch.isfinite(x).all() and torch.isfinite(y).all()
        linear.analyse(x, y)  # and the page can study it


def heavy_ball(x, y, lr, momentum, n):
    """torch.optim.SGD with heavy-ball momentum on the line's MSE, in float64, typed out apart from core:
    the final loss, or inf once it blows up."""
    x, y = (v.double().reshape(-1) for v in (x, y))
    p = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr, momentum=momentum)
    for _ in range(n):
        opt.zero_grad()
        loss = ((x * p[0] + p[1] - y) ** 2).mean()
        if not math.isfinite(float(loss)) or float(loss) > 1e12:
            return math.inf
        loss.backward()
        opt.step()
    return float(((x * p[0] + p[1] - y) ** 2).mean().detach())


@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.9, 0.99])
@pytest.mark.parametrize("data", ["course", "noisy"])
def test_the_momentum_bound_is_where_heavy_ball_starts_to_diverge(data, momentum, request):
    x, y = request.getfixturevalue(data)
    a = linear.analyse(x, y)
    bound = a.bound_with(momentum)
    assert bound == pytest.approx(linear.max_stable_lr(x, momentum), rel=1e-12)
    start = heavy_ball(x, y, bound, momentum, 0)
    assert heavy_ball(x, y, 0.97 * bound, momentum, 3000) < start  # stable: no blow-up, lower than at the start
    assert heavy_ball(x, y, 1.03 * bound, momentum, 3000) == math.inf


@pytest.mark.parametrize("data", ["course", "noisy"])
def test_the_page_momentum_bound_holds_for_the_trainer(data, request):
    """What the page shows for "SGD + momentum 0.9" (bound_with(0.9)) against the trainer that page runs."""
    x, y = request.getfixturevalue(data)
    bound = linear.analyse(x, y).bound_with(0.9)
    kw = dict(mode="module", optimizer="momentum", w0=0.0, b0=0.0, device="cpu")
    below = RegressionTrainer(x, y, lr=0.97 * bound, **kw).step(2000)
    above = RegressionTrainer(x, y, lr=1.03 * bound, **kw).step(2000)
    assert not below.diverged and below.loss < below.history[0]["loss"]
    assert above.diverged and above.steps < 2000


def test_halving_steps_is_the_closed_form_and_what_gradient_descent_does(noisy):
    x, y = noisy
    a = linear.analyse(x, y)
    lr = 0.5 * a.bound
    rate = 1 - lr * a.lam_min  # along the flattest eigenvector every step multiplies the error by this
    assert 0 < rate < 1
    h = a.halving_steps(lr)
    assert h == pytest.approx(math.log(0.5) / math.log(rate), rel=1e-12)
    assert rate ** h == pytest.approx(0.5, rel=1e-12)
    # and a run: the error's component along the flattest eigenvector halves in h steps
    _, vecs = torch.linalg.eigh(linear.hessian(x))
    v = vecs[:, 0]
    run = RegressionTrainer(x, y, lr=lr, w0=0.0, b0=0.0, device="cpu").step(math.ceil(h) + 1)
    along = [float((torch.tensor([r["w"] - a.w, r["b"] - a.b], dtype=torch.float64) @ v)) for r in run.history]
    assert abs(along[math.ceil(h)]) <= 0.5 * abs(along[0]) <= abs(along[math.floor(h)])
    assert abs(along[math.ceil(h)] / along[0]) == pytest.approx(rate ** math.ceil(h), rel=1e-3)
    # the edges: no progress at all, one step to the bottom, and past the bound
    assert a.halving_steps(0.0) == math.inf
    assert a.halving_steps(1 / a.lam_min) < 0.1  # rate 0 up to rounding
    assert a.halving_steps(2 / a.lam_min + 1e-9) == math.inf
