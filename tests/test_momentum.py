"""core.momentum against its oracles: autograd's Hessian, closed-form least squares, the Distill recursion
written out by hand, and the rates theory predicts (Goh, "Why Momentum Really Works", Distill 2017)."""
import math

import pytest
import torch

from core import momentum as M
from core.data import make_linear

DATA = [(100, 0.0, 0), (10, 0.5, 3), (50, 0.3, 11), (2000, 2.0, 7), (20, 0.0, 5)]  # (n, noise, seed)


def data(n, noise, seed):
    return make_linear(n, 3.0, 0.8, noise, seed=seed)


def bowl(x, y):
    x, y = x.reshape(-1).double(), y.reshape(-1).double()
    return lambda w, b: ((w * x + b - y) ** 2).mean()


@pytest.mark.parametrize("spec", DATA)
def test_hessian_is_autograds_at_any_point(spec):
    x, y = data(*spec)
    L = bowl(x, y)
    for w, b in ((0.0, 0.0), (3.0, 0.8), (-7.5, 4.2)):
        hw = torch.autograd.functional.hessian(lambda p: L(p[0], p[1]), torch.tensor([w, b], dtype=torch.float64))
        assert torch.allclose(M.hessian(x), hw, atol=1e-12)
    xd = x.reshape(-1).double()
    assert torch.allclose(M.hessian(x), 2 * torch.tensor([[(xd * xd).mean(), xd.mean()], [xd.mean(), 1.0]],
                                                          dtype=torch.float64))


@pytest.mark.parametrize("spec", DATA)
def test_condition_and_the_best_parameters_follow_the_formulas(spec):
    x, y = data(*spec)
    lo, hi, k = M.condition(x)
    lam = torch.linalg.eigvalsh(torch.autograd.functional.hessian(
        lambda p: bowl(x, y)(p[0], p[1]), torch.zeros(2, dtype=torch.float64)))
    assert (lo, hi) == pytest.approx((float(lam[0]), float(lam[1])), rel=1e-10)
    assert k == pytest.approx(hi / lo) and k > 1
    gd, mom = M.best_gd(x), M.best_momentum(x)
    assert gd.lr == pytest.approx(2 / (lo + hi)) and gd.rate == pytest.approx((k - 1) / (k + 1)) and gd.momentum == 0
    assert mom.lr == pytest.approx((2 / (math.sqrt(hi) + math.sqrt(lo))) ** 2)
    assert mom.momentum == pytest.approx(((math.sqrt(k) - 1) / (math.sqrt(k) + 1)) ** 2)
    assert mom.rate == pytest.approx((math.sqrt(k) - 1) / (math.sqrt(k) + 1))
    # the rates are the iterations' spectral radii at those parameters, and momentum's is the smaller
    assert M.spectral_rate(x, gd.lr) == pytest.approx(gd.rate, rel=1e-9)
    assert M.spectral_rate(x, mom.lr, mom.momentum) == pytest.approx(mom.rate, rel=1e-6)
    assert mom.rate < gd.rate


def test_kappa_depends_on_x_alone_and_grows_as_x_moves_off_zero():
    x, y = data(100, 0.0, 0)
    x2, noisy = data(100, 1.5, 0)  # the same x (drawn first), other y: another optimum, the same bowl
    assert torch.equal(x, x2) and M.optimum(x, y) != pytest.approx(M.optimum(x, noisy), abs=1e-3)
    assert torch.allclose(M.hessian(x), torch.autograd.functional.hessian(
        lambda p: bowl(x, noisy)(p[0], p[1]), torch.zeros(2, dtype=torch.float64)), atol=1e-12)
    assert M.condition(x + 1.0)[2] > 5 * M.condition(x)[2] > 5 * M.condition(x - 0.5)[2]


@pytest.mark.parametrize("spec", DATA)
def test_run_follows_the_distill_recursion_and_ends_at_least_squares(spec):
    x, y = data(*spec)
    mom = M.best_momentum(x)
    rows = M.run(x, y, optimizer="momentum", lr=mom.lr, momentum=mom.momentum, steps=400, w0=1.0, b0=0.0)
    # by hand: z <- beta z + grad, p <- p - alpha z, gradient from the closed form 2 mean((wx + b - y)[x, 1])
    xd, yd = x.reshape(-1).double(), y.reshape(-1).double()
    p, z = torch.tensor([1.0, 0.0], dtype=torch.float64), torch.zeros(2, dtype=torch.float64)
    for r in rows[:60]:
        assert (r["w"], r["b"]) == pytest.approx(p.tolist(), abs=1e-12)
        resid = p[0] * xd + p[1] - yd
        assert r["loss"] == pytest.approx(float((resid ** 2).mean()), rel=1e-12)
        grad = 2 * torch.stack(((resid * xd).mean(), resid.mean()))
        z = mom.momentum * z + grad
        p = p - mom.lr * z
    w_ls, b_ls = (float(v) for v in torch.linalg.lstsq(torch.stack((xd, torch.ones_like(xd)), 1), yd[:, None]).solution)
    assert M.optimum(x, y) == pytest.approx((w_ls, b_ls), abs=1e-9)
    assert (rows[-1]["w"], rows[-1]["b"]) == pytest.approx((w_ls, b_ls), abs=1e-9)
    assert all(r["distance"] == pytest.approx(math.hypot(r["w"] - w_ls, r["b"] - b_ls), abs=1e-9) for r in rows)


@pytest.mark.parametrize("spec,shift", [(s, 0.0) for s in DATA] + [((100, 0.3, 1), 1.0), ((30, 0.0, 2), 2.0),
                                                                     ((200, 0.1, 3), -0.5)])
def test_measured_rates_match_the_predicted_ones(spec, shift):
    """Also on the page's shifted x (κ from ~12 to ~300): GD's window may end before float noise, its rate holds."""
    x, y = data(*spec)
    x, y = x + shift, y + 3.0 * shift
    d = M.duel(x, y, steps=max(3000, int(30 * M.condition(x)[2])), w0=1.0, b0=0.0)  # GD needs ~κ·ln(1/ε)/2 steps
    # plain GD at its best step contracts both directions by exactly (κ−1)/(κ+1): measured to 1e-4
    assert d.measured("gd") == pytest.approx(d.gd.rate, rel=1e-4)
    # momentum at its best α, β is critically damped, error ~ (a + b·k) r^k: the second-half mean reads r
    # a few per cent high, never low
    assert d.momentum.rate * 0.999 <= d.measured("momentum") <= d.momentum.rate * 1.05
    assert d.measured("momentum") < d.measured("gd")
    # and momentum reaches float noise in a fraction of GD's steps
    noise = [next(r["step"] for r in d.paths[k] if r["distance"] < 1e-9 * d.paths[k][0]["distance"]) for k in M.OPTIMIZERS]
    assert noise[1] < 0.4 * noise[0]


def test_measured_rate_of_an_exact_geometric_sequence_and_the_edges():
    assert M.measured_rate([2 * 0.5 ** k for k in range(40)]) == pytest.approx(0.5)
    assert M.measured_rate([3 * 1.2 ** k for k in range(40)]) == pytest.approx(1.2)
    assert math.isnan(M.measured_rate([0.0, 0.0])) and math.isnan(M.measured_rate([1.0]))
    # past float noise the numbers are rounding, not descent: they are left out
    assert M.measured_rate([0.5 ** k for k in range(30)] + [1e-13, 3e-13, 1e-13]) == pytest.approx(0.5)


@pytest.mark.parametrize("spec", DATA)
def test_gd_diverges_just_above_two_over_lambda_max_and_converges_just_below(spec):
    x, y = data(*spec)
    lo, hi, _ = M.condition(x)
    for k, grows in ((0.99, False), (1.01, True)):
        lr = k * 2 / hi
        assert M.stable(x, lr) is (not grows)
        rows = M.run(x, y, optimizer="gd", lr=lr, steps=3000, w0=1.0, b0=0.0)
        ends = rows[-1]["distance"] / rows[0]["distance"]
        assert (ends > 1e3) if grows else (ends < 1e-3), (k, ends)
        assert all(math.isfinite(r["loss"]) for r in rows)
        assert (M.measured_rate([r["distance"] for r in rows]) > 1) is grows


def test_a_blown_up_run_stops_before_any_nan():
    x, y = data(100, 0.0, 0)
    rows = M.run(x, y, optimizer="momentum", lr=50 * M.best_momentum(x).lr, momentum=0.5, steps=5000, w0=1.0, b0=0.0)
    assert len(rows) < 5000 and all(math.isfinite(v) for r in rows for v in r.values())
    assert rows[-1]["distance"] > M.BLOW_UP * rows[0]["distance"] * 0.999


@pytest.mark.parametrize("spec", DATA[:3])
def test_both_best_steps_times_one_plus_one_over_kappa_are_the_edge(spec):
    """α*·λ_max = 2κ/(κ+1), and heavy ball's limit 2(1+β) is the same multiple of its best α: one scale,
    1 + 1/κ, tips both over."""
    x, y = data(*spec)
    kappa = M.condition(x)[2]
    for scale, ok in ((1 + 1 / kappa - 1e-3, True), (1 + 1 / kappa + 1e-3, False)):
        d = M.duel(x, y, steps=2000, w0=1.0, b0=0.0, scale=scale)
        for name in M.OPTIMIZERS:
            assert d.stable(name) is ok and d.diverged(name) is (not ok), (scale, name)
            assert (d.predicted(name) < 1) is ok and (d.measured(name) < 1) is ok


def test_kappa_grows_as_the_mean_of_x_moves_away_from_zero():
    """The shift's help: κ rises with |E x| (E x² − (E x)² is fixed by the sample), at every reachable shift."""
    from ui.optimizers_view import bowl_data
    for n, seed in [(10, 0), (10, 3), (100, 0), (2000, 1)]:
        shifts = [-0.5 + 0.25 * i for i in range(11)]
        by_mean = sorted((abs(float(bowl_data(n, 0.0, seed, s)[0].double().mean())), M.condition(bowl_data(n, 0.0, seed, s)[0])[2])
                         for s in shifts)
        kappas = [k for _, k in by_mean]
        assert kappas == sorted(kappas) and len(set(kappas)) == len(kappas)
