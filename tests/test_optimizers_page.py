"""The optimizer race page through AppTest, in both languages: the race's buttons, a diverging racer, the bowl's
numbers against core.momentum and hand-written oracles, linked views, the code panel and both downloads."""
import io
import math
import re
import subprocess
import sys

import pandas as pd
import pytest
import torch

from core import momentum as M
from core.data import make_linear, make_spiral
from core.race import DEFAULT_LRS, RACERS, Race
from tests.conftest import click, has_cjk, link_query, python_code
from ui.i18n import t


@pytest.fixture
def app(app_one_thread):
    """The page on one torch thread (tests/conftest.py app_one_thread)."""
    return app_one_thread


def standings(at, lang="en") -> pd.DataFrame:
    table = at.dataframe[0].value
    assert t("optimizers.col_loss", lang=lang) in table.columns
    return table


def steps(at, lang="en") -> list[int]:
    return [int(v.replace(",", "")) for v in standings(at, lang).iloc[:, 2]]


def texts(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error]
                    + [w.value for w in at.warning] + [i.value for i in at.info])


def files(downloads) -> dict[str, pd.DataFrame]:
    out = {}
    for name, (data, mime) in downloads.items():
        if name and name.endswith(".csv"):
            body = click(data)
            out[name] = pd.read_csv(io.StringIO(body if isinstance(body, str) else body.decode()))
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_opens_with_four_equal_racers_and_the_bowls_numbers(app, lang):
    at = app("optimizers", lang)
    assert not at.exception, [e.value for e in at.exception]
    table = standings(at, lang)
    assert len(table) == 4 and set(table.iloc[:, 3]) == {table.iloc[0, 3]}  # one start, one loss
    assert float(table.iloc[0, 3]) == pytest.approx(math.log(3), abs=0.1)
    assert has_cjk(" ".join(table.columns)) == (lang == "zh")
    # κ and the predicted rates are core.momentum's for the regression lesson's data
    x, _ = make_linear(100, 3.0, 0.8, 0.0, seed=0)
    lo, hi, kappa = M.condition(x)
    said = texts(at)
    assert f"κ = {kappa:.2f}" in said and f"{lo:.4f}" in said and f"{hi:.4f}" in said
    assert f"{M.best_gd(x).rate:.4f}" in said and f"{M.best_momentum(x).rate:.4f}" in said
    rates = at.dataframe[1].value
    assert rates["β"].tolist() == ["0", f"{M.best_momentum(x).momentum:.4g}"]
    predicted, measured = (rates.iloc[:, i].astype(float).tolist() for i in (4, 5))
    assert predicted == pytest.approx([M.best_gd(x).rate, M.best_momentum(x).rate], abs=1e-4)
    assert measured[0] == pytest.approx(predicted[0], abs=2e-4) and predicted[1] <= measured[1] <= predicted[1] * 1.05
    assert not at.error and "nan" not in said.lower()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_step_play_and_reset(app, lang):
    at = app("optimizers", lang, n="50")
    at.button(key="optimizers_step").click().run()
    assert steps(at, lang) == [10] * 4
    losses = standings(at, lang).iloc[:, 3].astype(float)
    assert losses.nunique() == 4 and (losses < math.log(3)).all()  # four rules, four losses
    at.session_state["dlve_play_frames"] = 3
    at.button(key="optimizers_toggle").click().run()
    assert not at.exception and steps(at, lang) == [40] * 4
    assert any(t("player.paused_budget", lang=lang)[:6] in i.value for i in at.info)
    assert "n_steps = 40" in python_code(at)[-1]
    at.button(key="optimizers_reset").click().run()
    assert steps(at, lang) == [0] * 4


def test_the_table_holds_what_plain_pytorch_computes_and_the_code_prints_it(app, tmp_path):
    at = app("optimizers", "en", n="50", width="8", act="tanh", lr_adam="0.03", seed="5")
    at.button(key="optimizers_step").click().run()
    at.button(key="optimizers_step").click().run()
    table = standings(at)
    # the oracle: four plain nn.Sequential copies of one initial draw, stepped by torch.optim directly
    X, y = make_spiral(50, 3, 0.2, seed=5)
    lrs = {**DEFAULT_LRS, "adam": 0.03}
    # the start, drawn afresh (tests/test_race.py holds that every racer starts from it)
    start = Race(X, y, lrs=lrs, hidden=(8,), activation="tanh", seed=5).trainers["sgd"].model.state_dict()
    makers = {"sgd": lambda p: torch.optim.SGD(p, lr=lrs["sgd"]),
              "momentum": lambda p: torch.optim.SGD(p, lr=lrs["momentum"], momentum=0.9),
              "rmsprop": lambda p: torch.optim.RMSprop(p, lr=lrs["rmsprop"]),
              "adam": lambda p: torch.optim.Adam(p, lr=lrs["adam"])}
    expected = []
    for name in RACERS:
        model = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))
        model.load_state_dict(start)
        opt = makers[name](model.parameters())
        for _ in range(20):
            loss = torch.nn.functional.cross_entropy(model(X), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            logits = model(X)
            expected.append((torch.nn.functional.cross_entropy(logits, y).item(),
                             (logits.argmax(1) == y).float().mean().item()))
    assert table.iloc[:, 3].astype(float).tolist() == pytest.approx([e[0] for e in expected], abs=6e-4)
    assert [float(v.rstrip("%")) / 100 for v in table.iloc[:, 4]] == pytest.approx([e[1] for e in expected], abs=6e-4)
    # the code panel, run in a fresh python, draws the same start itself and prints the same numbers
    script = tmp_path / "race.py"
    script.write_text(python_code(at)[-1])
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    printed = re.findall(r"^\s*(\w+): step 20, loss ([\d.]+), accuracy ([\d.]+)$", done.stdout, re.M)
    assert [p[0] for p in printed] == list(RACERS)
    assert [float(p[1]) for p in printed] == pytest.approx([e[0] for e in expected], abs=2e-4)
    x, _ = make_linear(100, 3.0, 0.8, 0.0, seed=0)
    assert f"kappa {M.condition(x)[2]:.2f}" in done.stdout


def test_a_diverged_racer_says_so_while_the_others_go_on(app):
    at = app("optimizers", "en", n="50", act="identity", lr_sgd="10")
    at.session_state["dlve_play_frames"] = 4
    at.button(key="optimizers_toggle").click().run()
    assert not at.exception
    table = standings(at)
    assert table.iloc[0, 5].startswith("diverged at step") and steps(at)[1:] == [40] * 3
    assert any("Diverged at step" in e.value and "10" in e.value for e in at.error)
    assert "nan" not in " ".join(table.iloc[:, 3]).lower()
    at.select_slider(key="op_lr_momentum").set_value(10.0).run()  # a new race: two of four diverge
    at.session_state["dlve_play_frames"] = 4
    at.button(key="optimizers_toggle").click().run()
    states = standings(at).iloc[:, 5].tolist()
    assert [s.startswith("diverged") for s in states] == [True, True, False, False] and steps(at)[2:] == [40, 40]
    assert not at.button(key="optimizers_toggle").disabled


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_past_one_plus_one_over_kappa_both_diverge_with_a_message_and_no_nan(app, lang):
    at = app("optimizers", lang, scale="1.1")  # κ = 18.4 here: the edge is 1.054
    assert not at.exception
    x, _ = make_linear(100, 3.0, 0.8, 0.0, seed=0)
    hi = M.condition(x)[1]
    a_gd, a_mom = 1.1 * M.best_gd(x).lr * hi, 1.1 * M.best_momentum(x).lr * hi
    errors = [e.value for e in at.error]
    assert len(errors) == 2
    assert f"{a_gd:.4f}" in errors[0] and f"{abs(1 - a_gd):.4f}" in errors[0]
    assert f"{a_mom:.4f}" in errors[1] and f"{2 * (1 + M.best_momentum(x).momentum):.4f}" in errors[1]
    assert all(has_cjk(e) == (lang == "zh") for e in errors)
    rates = at.dataframe[1].value
    assert (rates.iloc[:, 5].astype(float) > 1).all() and (rates.iloc[:, 4].astype(float) > 1).all()
    at.select_slider(key="op_scale").set_value(2.0).run()  # blows up: cut short, still no NaN on screen
    assert not at.exception and len(at.error) == 2
    assert "nan" not in texts(at).lower() and "nan" not in " ".join(at.dataframe[1].value.astype(str).values.ravel())
    cut = t("optimizers.cut_short", lang=lang, steps=0).split("0")[0]
    assert all((("。" + cut) if lang == "zh" else (". " + cut)) in e.value for e in at.error)
    at.select_slider(key="op_scale").set_value(0.9).run()
    assert not at.error and any(t("optimizers.slower", lang=lang) == i.value for i in at.info)


def test_the_shift_changes_kappa_and_the_noise_does_not(app):
    at = app("optimizers", "en", bn="40", bseed="3")
    base = re.search(r"κ = (\d+\.\d+)", texts(at)).group(1)
    at.slider(key="op_bnoise").set_value(1.0).run()
    assert re.search(r"κ = (\d+\.\d+)", texts(at)).group(1) == base
    at.slider(key="op_shift").set_value(1.0).run()
    x, _ = make_linear(40, 3.0, 0.8, 1.0, seed=3)
    assert re.search(r"κ = (\d+\.\d+)", texts(at)).group(1) == f"{M.condition(x + 1.0)[2]:.2f}" != base


def test_a_link_opens_its_view_and_every_control_writes_the_link(app):
    query = dict(ds="moons", n="100", noise="0.1", seed="7", layers="2", width="16", act="tanh", lr_sgd="1",
                 lr_momentum="0.03", lr_rmsprop="0.01", lr_adam="0.001", spf="5", bn="200", bnoise="0.5", bseed="2",
                 shift="0.5", scale="0.75", bsteps="1000")
    at = app("optimizers", "en", **query)
    assert not at.exception and not at.toast
    assert {k: at.query_params[k] for k in query} == query
    assert {k: v for k, v in link_query(at).items() if k in query} == query
    race = at.session_state["op_race"][1]
    tr = race.trainers["adam"]
    assert race.lrs == {"sgd": 1.0, "momentum": 0.03, "rmsprop": 0.01, "adam": 0.001}
    assert tr.hidden == (16, 16) and tr.n_classes == 2 and len(tr.y_all) == 200
    at.button(key="optimizers_step").click().run()
    assert steps(at) == [5] * 4
    at.select_slider(key="op_lr_sgd").set_value(0.3).run()  # back to its default: gone from the link
    assert "lr_sgd" not in at.query_params and steps(at) == [0] * 4  # and the race starts again


def test_downloads_hold_the_race_and_the_bowl_against_oracles(app, downloads):
    at = app("optimizers", "en", n="50", bn="30", bnoise="0.2", bseed="4", shift="0.25", scale="0.9", bsteps="200")
    at.button(key="optimizers_step").click().run()
    got = files(downloads)
    assert set(got) == {"optimizer_race_history.csv", "momentum_bowl_paths.csv"}

    race = got["optimizer_race_history.csv"]
    assert list(race.columns) == ["optimizer", "step", "loss", "accuracy"]
    assert list(race["optimizer"].unique()) == list(RACERS)
    firsts = race[race.step == 0]
    assert len(firsts) == 4 and firsts["loss"].nunique() == 1  # one start
    X, y = make_spiral(50, 3, 0.2, seed=0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 32), torch.nn.ReLU(), torch.nn.Linear(32, 3))
    model.load_state_dict(at.session_state["op_race"][1].trainers["sgd"].model.state_dict())
    with torch.no_grad():
        logits = model(X)
    last = race[(race.optimizer == "sgd") & (race.step == 10)].iloc[0]
    assert last["loss"] == pytest.approx(torch.nn.functional.cross_entropy(logits, y).item(), rel=1e-6)
    assert last["accuracy"] == pytest.approx((logits.argmax(1) == y).float().mean().item())

    bowl = got["momentum_bowl_paths.csv"]
    assert list(bowl.columns) == ["optimizer", "step", "w", "b", "loss", "distance"]
    x, yy = make_linear(30, 3.0, 0.8, 0.2, seed=4)
    x, yy = (x + 0.25).double().reshape(-1), (yy + 0.75).double().reshape(-1)
    # the oracle: the Hessian's eigenvalues by hand (2x2 closed form) and the Distill recursion by hand
    exx, ex = float((x * x).mean()), float(x.mean())
    tr, det = 2 * (exx + 1), 4 * (exx - ex * ex)
    hi, lo = tr / 2 + math.sqrt(tr * tr / 4 - det), tr / 2 - math.sqrt(tr * tr / 4 - det)
    k = hi / lo
    w_opt = float(((x - ex) * (yy - yy.mean())).mean() / (exx - ex * ex))
    b_opt = float(yy.mean()) - w_opt * ex
    settings = {"gd": (0.9 * 2 / (lo + hi), 0.0),
                "momentum": (0.9 * (2 / (math.sqrt(hi) + math.sqrt(lo))) ** 2, ((math.sqrt(k) - 1) / (math.sqrt(k) + 1)) ** 2)}
    for name, (alpha, beta) in settings.items():
        part = bowl[bowl.optimizer == name]
        assert part["step"].tolist() == list(range(201))
        w, b, zw, zb = 1.0, 0.0, 0.0, 0.0
        for _, row in part.iterrows():
            r = w * x + b - yy
            assert (row["w"], row["b"]) == pytest.approx((w, b), abs=1e-7)
            assert row["loss"] == pytest.approx(float((r * r).mean()), rel=1e-6)
            assert row["distance"] == pytest.approx(math.hypot(w - w_opt, b - b_opt), rel=1e-6, abs=1e-12)
            gw, gb = float(2 * (r * x).mean()), float(2 * r.mean())
            zw, zb = beta * zw + gw, beta * zb + gb
            w, b = w - alpha * zw, b - alpha * zb


def test_a_frame_of_the_biggest_race_is_bounded_by_its_work(app):
    at = app("optimizers", "en", n="500", layers="3", width="128", spf="50")
    race = at.session_state["op_race"][1]
    tr = race.trainers["sgd"]
    params = sum(p.numel() for p in tr.model.parameters())
    bound = max(1, int(4e8 // (4 * 1500 * params)))
    assert params == 2 * 128 + 128 + 2 * (128 * 128 + 128) + 128 * 3 + 3 and bound < 50
    assert at.button(key="optimizers_step").label == t("player.step_n", n=bound)
    at.button(key="optimizers_step").click().run()
    assert steps(at) == [bound] * 4


def test_a_diverging_bowl_keeps_its_window_and_says_what_left_it(app):
    from ui.optimizers_view import off_chart, on_chart, study
    at = app("optimizers", "en", scale="2")
    duel, doms, _, _ = study(100, 0.0, 0, 0.0, 2.0, 300)
    (w_lo, w_hi), (b_lo, b_hi) = doms
    assert w_hi - w_lo < 10 and b_hi - b_lo < 10  # the bowl around start and optimum, not a dot in 1e12
    lines = off_chart(duel, doms)
    assert len(lines) == 2
    for name, line in zip(("gd", "momentum"), lines):
        drawn, gone = on_chart(duel.paths[name], doms)
        # every drawn state but the last inside the window: no clipped segment crosses it
        assert all(w_lo <= r["w"] <= w_hi and b_lo <= r["b"] <= b_hi for r in drawn[:-1]) and drawn[-1] is gone
        last = duel.paths[name][-1]
        assert f"at step {gone['step']};" in line and f"by step {last['step']} " in line
        assert f"{last['distance']:.2e}" in line and last["distance"] > 1e12
        assert line in [c.value for c in at.caption]


def test_a_converging_momentum_path_stays_on_the_bowl_chart(app):
    from ui.optimizers_view import off_chart, on_chart, study
    # κ ~ 1100: momentum swings out to ~12 times its starting distance before it comes back
    duel, doms, _, _ = study(10, 0.0, 7, 2.0, 1.0, 300)
    assert duel.stable("momentum") and max(r["distance"] for r in duel.paths["momentum"]) > 5 * duel.paths["momentum"][0]["distance"]
    assert all(on_chart(p, doms)[1] is None for p in duel.paths.values()) and off_chart(duel, doms) == []
    at = app("optimizers", "en", bn="10", bseed="7", shift="2")
    assert not any(c.value.startswith("Off the chart") for c in at.caption)


def test_the_distance_axis_writes_big_powers_of_ten_as_exponents():
    from ui.charts.race import LOG_LABEL, series_lines
    spec = series_lines(pd.DataFrame({"step": [0, 1], "distance": [1.0, 1e12], "series": ["a", "a"]}), x="step",
                        y="distance", series=["a"], x_title="step", y_title="d", x_domain=(0, 1),
                        y_domain=(1e-3, 1e13)).to_dict()
    axis = spec["encoding"]["y"]["axis"]
    assert axis["labelExpr"] == LOG_LABEL and "format" not in axis
    assert axis["values"] == [10.0 ** k for k in range(-3, 14, 3)]  # 0.001, 1, 1000 plain; 1e+6 .. 1e+12


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_converging_run_measured_above_one_is_explained(app, lang):
    # few points far from 0, a quarter of the best step and 50 steps: momentum converges (theory) while its
    # distance still rises over the second half of the run
    at = app("optimizers", lang, bn="10", shift="2", scale="0.25", bsteps="50")
    x, y = make_linear(10, 3.0, 0.8, 0.0, seed=0)
    duel = M.duel(x + 2, y + 6, steps=50, w0=1.0, b0=0.0, scale=0.25)
    assert duel.stable("momentum") and duel.measured("momentum") > 1 and duel.predicted("momentum") < 1
    warned = [w.value for w in at.warning]
    assert len(warned) == 1 and f"{duel.measured('momentum'):.4f}" in warned[0] and has_cjk(warned[0]) == (lang == "zh")
    assert not at.error
    at.select_slider(key="op_bsteps").set_value(2000).run()
    assert not at.warning


def test_a_racers_card_names_the_step_it_shows(app):
    at = app("optimizers", "en", n="50", spf="1")
    at.button(key="optimizers_step").click().run()
    cards = [c.value for c in at.caption if c.value.startswith("loss ")]
    assert len(cards) == 4 and all(c.endswith("· step 1") for c in cards)


def test_a_loss_below_a_thousandth_is_shown_and_drawn(app):
    import json
    from ui.optimizers_view import loss_floor, loss_text
    assert loss_floor(0.5) == 1e-3 and loss_floor(2.3e-6) == 1e-6 and loss_floor(0.0) == 1e-8 and loss_floor(1e-12) == 1e-8
    assert loss_text(0.13351) == "0.1335" and loss_text(2.3456e-6) == "2.35e-06"
    # clean moons: RMSprop at 0.01 is near 1e-6 after 1,300 steps (its loss read 0.0000 and ran off the chart)
    at = app("optimizers", "en", ds="moons", n="50", noise="0", lr_rmsprop="0.01")
    race = at.session_state["op_race"][1]
    race.step(1300)
    at.run()
    tr = race.trainers["rmsprop"]
    torch_loss = torch.nn.functional.cross_entropy(tr.model(tr.X_all), tr.y_all).item()
    assert torch_loss < 1e-4
    shown = standings(at).iloc[2, 3]
    assert "e-" in shown and float(shown) == pytest.approx(torch_loss, rel=6e-3)
    assert any(c.value.startswith(f"loss {shown} ") for c in at.caption)
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    loss_spec = next(s for s in specs if s.get("encoding", {}).get("y", {}).get("field") == "loss")
    low = loss_spec["encoding"]["y"]["scale"]["domain"][0]
    assert low <= torch_loss and low == loss_floor(torch_loss) if torch_loss >= 1e-8 else low == 1e-8
