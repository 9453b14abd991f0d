"""Which device the computations run on, and how many CPU threads they use."""
from __future__ import annotations

import os
import warnings
from dataclasses import dataclass

import torch

ENV_DEVICE = "DLVE_DEVICE"
ENV_THREADS = "DLVE_THREADS"
CHOICES = ("auto", "cpu", "cuda")


@dataclass(frozen=True)
class DeviceInfo:
    device: torch.device
    requested: str
    name: str  # GPU model or "CPU"
    fallback: str | None  # code in FALLBACKS saying why the request was not honoured, or None


FALLBACKS = {
    "bad_env": f"{ENV_DEVICE} is not one of {', '.join(CHOICES)}; using auto",
    "no_cuda": "CUDA was requested but no CUDA device is available; using the CPU",
}


def _requested(prefer: str) -> str:
    """The env var wins over the caller so one deployment setting covers every page."""
    choice = os.environ.get(ENV_DEVICE, "").strip().lower() or str(prefer).strip().lower()
    return choice if choice in CHOICES else "auto"


def describe(prefer: str = "auto") -> DeviceInfo:
    requested = _requested(prefer)
    raw = os.environ.get(ENV_DEVICE, "").strip().lower()
    fallback = None
    if raw and raw not in CHOICES:
        fallback = "bad_env"
    cuda = torch.cuda.is_available()
    if requested == "cpu" or not cuda:
        if requested == "cuda":
            fallback = "no_cuda"
        return DeviceInfo(torch.device("cpu"), requested, "CPU", fallback)
    return DeviceInfo(torch.device("cuda"), requested, torch.cuda.get_device_name(0), fallback)


def pick_device(prefer: str = "auto") -> torch.device:
    """CUDA when present, else CPU. Asking for CUDA without one warns and returns the CPU."""
    info = describe(prefer)
    if info.fallback:
        warnings.warn(FALLBACKS[info.fallback], RuntimeWarning, stacklevel=2)
    return info.device


def server_threads() -> int:
    """One intra-op thread per computation unless DLVE_THREADS says otherwise.

    The models are tiny and visitors share the cores: measured on 2 cores with a browser beside
    the server, the spiral page drew 19.6 frames/s with 1 thread and 6.3 with 2 (oversubscription).
    """
    try:
        wanted = int(os.environ.get(ENV_THREADS, "0"))
    except ValueError:
        wanted = 0
    return wanted if wanted > 0 else 1


def configure_threads() -> int:
    """Apply ``server_threads()`` to this process; call once per server, not per page."""
    n = server_threads()
    if torch.get_num_threads() != n:
        torch.set_num_threads(n)
    return n
