"""core on CUDA computes what it computes on the CPU: both trainers, init propagation, the decision grid.

Run where torch sees a GPU (``pytest -m cuda``); skipped with the reason elsewhere. The default run pins
the CPU (tests/conftest.py sets DLVE_DEVICE=cpu), so these pass torch.device("cuda") explicitly, which
that variable does not override. Every random draw is made on a CPU generator and then moved, so both
devices train the same network from the same start; what differs is float32 summation order (cuBLAS
vs the CPU's BLAS), hence the tolerances below. bench/device_check.py does the same as one script.
"""
import pytest
import torch

from core import init
from core.data import make_linear, make_spiral
from core.train import ClassifierTrainer, RegressionTrainer

CUDA = torch.device("cuda")
CPU = torch.device("cpu")
NO_CUDA = "no CUDA device: torch.cuda.is_available() is False"
pytestmark = [pytest.mark.cuda, pytest.mark.skipif(not torch.cuda.is_available(), reason=NO_CUDA)]


@pytest.mark.parametrize("mode,optimizer", [("manual", "sgd"), ("module", "sgd"), ("module", "momentum"),
                                            ("module", "adam")])
def test_regression_trainer_on_cuda_follows_the_cpu(mode, optimizer):
    x, y = make_linear(100, 3.0, 0.8, 0.1, seed=0)
    runs = [RegressionTrainer(x, y, lr=0.1, mode=mode, optimizer=optimizer, w0=0.0, b0=0.0, device=d).step(300)
            for d in (CPU, CUDA)]
    cpu, gpu = runs
    assert gpu.device.type == "cuda" and cpu.device.type == "cpu"
    assert [r["step"] for r in gpu.history] == [r["step"] for r in cpu.history]
    for key in ("w", "b", "loss"):
        assert [r[key] for r in gpu.history] == pytest.approx([r[key] for r in cpu.history], rel=1e-4, abs=1e-5), key


@pytest.mark.parametrize("batch_size,test_fraction", [(None, 0.0), (64, 0.2)])
def test_classifier_trainer_and_decision_grid_on_cuda_follow_the_cpu(batch_size, test_fraction):
    X, y = make_spiral(100, 3, 0.2, seed=12345)
    kw = dict(hidden=(32,), activation="relu", optimizer="adam", lr=1e-2, batch_size=batch_size,
              test_fraction=test_fraction, seed=0)
    cpu, gpu = (ClassifierTrainer(X, y, device=d, **kw) for d in (CPU, CUDA))
    for tr in (cpu, gpu):
        tr.step(200)
    assert next(gpu.model.parameters()).device.type == "cuda"
    assert gpu.history[-1]["loss"] == pytest.approx(cpu.history[-1]["loss"], rel=1e-3)
    assert abs(gpu.accuracy() - cpu.accuracy()) <= 2 / len(y)  # at most a couple of points on a boundary
    for pg, pc in zip(gpu.model.parameters(), cpu.model.parameters()):
        assert torch.allclose(pg.detach().cpu(), pc.detach(), rtol=1e-3, atol=1e-4)
    (xs_g, ys_g, probs_g), (xs_c, ys_c, probs_c) = gpu.decision_grid(50), cpu.decision_grid(50)
    assert probs_g.device.type == "cpu"  # handed back for drawing
    assert torch.equal(xs_g, xs_c) and torch.equal(ys_g, ys_c)
    assert torch.allclose(probs_g, probs_c, atol=1e-3)
    assert (probs_g.argmax(-1) == probs_c.argmax(-1)).float().mean() >= 0.995


@pytest.mark.parametrize("name,activation", [("kaiming_normal", "relu"), ("xavier_normal", "tanh")])
def test_propagate_on_cuda_computes_the_same_network(name, activation):
    cpu, cpu_values = init.propagate_detail(name, activation, depth=10, width=128, n_samples=64, seed=1, keep=(10,))
    gpu, gpu_values = init.propagate_detail(name, activation, depth=10, width=128, n_samples=64, seed=1, keep=(10,),
                                            device="cuda")
    for col in ("mean", "std", "pre_std", "grad_mean", "grad_std"):
        assert gpu[col].to_numpy() == pytest.approx(cpu[col].to_numpy(), rel=1e-3, abs=1e-6), col
    assert gpu_values["value"].to_numpy() == pytest.approx(cpu_values["value"].to_numpy(), rel=1e-3, abs=1e-5)
