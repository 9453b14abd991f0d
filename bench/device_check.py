"""One prepared check of core on CUDA against the CPU: every core computation on both devices, agreement
checked, speed printed. Exits 1 if any disagrees; without CUDA it says so, runs the CPU part only, exits 0.

    python bench/device_check.py           # well under a minute on a 2-core CPU, seconds on a GPU

What runs (each from the same seed: every random draw is made on a CPU generator and then moved, so both
devices compute the same network from the same start), and the tolerance each is held to. Only float32
summation order differs between cuBLAS and the CPU's BLAS, which a few hundred optimizer steps can grow:
  activations   curve(name, x) for every ACTIVATIONS entry on 200,001 points, f and autograd's f'
                in float32: |gpu - cpu| <= 1e-5 + 1e-4 |cpu|
  init          propagate_detail (kaiming_normal/relu, xavier_normal/tanh; 20 layers of 256, 128 samples):
                mean, std, pre_std, grad_mean, grad_std per layer within rel 1e-3 (abs 1e-6)
  regression    RegressionTrainer, manual SGD and module Adam, 500 steps: w, b, loss within rel 1e-4 (abs 1e-5)
  classifier    ClassifierTrainer 2-100-3 ReLU, Adam 1e-2, spiral 3 x 1000, 300 full-batch steps:
                final loss within rel 1e-3, every parameter within rtol 1e-3 / atol 1e-4
  grid          decision_grid(60) of those trainers: probabilities within 1e-3, argmax equal on >= 99.5 %
"""
from __future__ import annotations

import pathlib
import sys
import time

import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from core import init  # noqa: E402
from core.activations import ACTIVATIONS, curve  # noqa: E402
from core.data import make_linear, make_spiral  # noqa: E402
from core.train import ClassifierTrainer, RegressionTrainer  # noqa: E402

CPU = torch.device("cpu")


def timed(device: torch.device, fn):
    """(result, seconds) of fn(device); on CUDA after a warm-up call and with the device synchronised."""
    if device.type == "cuda":
        fn(device)
        torch.cuda.synchronize()
    start = time.perf_counter()
    out = fn(device)
    if device.type == "cuda":
        torch.cuda.synchronize()
    return out, time.perf_counter() - start


def close(a: torch.Tensor, b: torch.Tensor, rtol: float, atol: float) -> tuple[bool, float]:
    a, b = a.detach().cpu().double(), b.detach().cpu().double()
    return bool(torch.allclose(a, b, rtol=rtol, atol=atol)), float((a - b).abs().max()) if a.numel() else 0.0


# --- the computations: fn(device) -> a dict of named tensors to compare, and their (rtol, atol) -----------

def activations(device):
    x = torch.linspace(-8, 8, 200_001, device=device)
    out = {}
    for name in ACTIVATIONS:
        y, dy = curve(name, x)
        out[f"{name} f"], out[f"{name} f'"] = y, dy
    return out


def propagation(device):
    out = {}
    for name, act in (("kaiming_normal", "relu"), ("xavier_normal", "tanh")):
        stats, _ = init.propagate_detail(name, act, depth=20, width=256, n_samples=128, seed=1, device=device)
        for col in ("mean", "std", "pre_std", "grad_mean", "grad_std"):
            out[f"{name}/{act} {col}"] = torch.tensor(stats[col].to_numpy())
    return out


def regression(device):
    x, y = make_linear(100, 3.0, 0.8, 0.1, seed=0)
    out = {}
    for mode, opt, lr in (("manual", "sgd", 0.1), ("module", "adam", 0.05)):
        tr = RegressionTrainer(x, y, lr=lr, mode=mode, optimizer=opt, w0=0.0, b0=0.0, device=device).step(500)
        out[f"{mode}/{opt} w, b, loss"] = torch.tensor([[r["w"], r["b"], r["loss"]] for r in tr.history])
    return out


SPIRAL = make_spiral(1000, 3, 0.2, seed=12345)
TRAINED = {}


def classifier(device):
    tr = ClassifierTrainer(*SPIRAL, hidden=(100,), activation="relu", optimizer="adam", lr=1e-2, seed=0, device=device)
    tr.step(300)
    TRAINED[device.type] = tr
    out = {"final loss": torch.tensor([tr.history[-1]["loss"]])}
    for i, p in enumerate(tr.model.parameters()):
        out[f"parameter {i}"] = p.detach()
    return out


def grid(device):
    _, _, probs = TRAINED[device.type].decision_grid(60)
    return {"probabilities": probs}


CHECKS = [  # name, fn, rtol, atol
    ("activations", activations, 1e-4, 1e-5),
    ("init propagation", propagation, 1e-3, 1e-6),
    ("regression trainers", regression, 1e-4, 1e-5),
    ("classifier trainer", classifier, 1e-3, 1e-4),
    ("decision grid", grid, 0.0, 1e-3),
]


def main() -> int:
    cuda = torch.cuda.is_available()
    gpu = torch.device("cuda") if cuda else None
    print(f"torch {torch.__version__}; CPU threads {torch.get_num_threads()}; "
          + (f"CUDA: {torch.cuda.get_device_name(0)}" if cuda else "no CUDA device (torch.cuda.is_available() is "
             "False): the CPU part only, nothing to compare"))
    failed = []
    print(f"{'check':22} {'cpu ms':>9} {'cuda ms':>9} {'speed-up':>9}  agreement")
    for name, fn, rtol, atol in CHECKS:
        cpu_out, cpu_s = timed(CPU, fn)
        if not cuda:
            print(f"{name:22} {cpu_s * 1e3:9.1f} {'-':>9} {'-':>9}  -")
            continue
        gpu_out, gpu_s = timed(gpu, fn)
        worst, bad = 0.0, []
        for key, want in cpu_out.items():
            ok, diff = close(gpu_out[key], want, rtol, atol)
            worst = max(worst, diff)
            if not ok:
                bad.append(f"{key} (max |diff| {diff:.3g})")
        if name == "decision grid":
            same = float((gpu_out["probabilities"].argmax(-1) == cpu_out["probabilities"].argmax(-1)).float().mean())
            if same < 0.995:
                bad.append(f"argmax equal on {same:.2%} of cells")
        verdict = "ok" if not bad else "DISAGREE: " + "; ".join(bad[:5])
        print(f"{name:22} {cpu_s * 1e3:9.1f} {gpu_s * 1e3:9.1f} {cpu_s / gpu_s:8.1f}x  max |diff| {worst:.2g} "
              f"(rtol {rtol:g}, atol {atol:g}): {verdict}")
        if bad:
            failed.append(name)
    if failed:
        print(f"FAILED: CUDA and CPU disagree on {', '.join(failed)}")
        return 1
    print("all agree" if cuda else "CPU part ran; no CUDA to compare with")
    return 0


if __name__ == "__main__":
    sys.exit(main())
