import warnings

import pytest
import torch

from core import device


@pytest.fixture
def no_cuda(monkeypatch):
    monkeypatch.delenv(device.ENV_DEVICE, raising=False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)


@pytest.fixture
def fake_cuda(monkeypatch):
    monkeypatch.delenv(device.ENV_DEVICE, raising=False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda i=0: "Fake GPU")


def test_auto_without_cuda_is_cpu_silently(no_cuda):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert device.pick_device() == torch.device("cpu")


def test_cuda_requested_without_gpu_warns_and_falls_back(no_cuda):
    with pytest.warns(RuntimeWarning, match="CUDA"):
        assert device.pick_device("cuda") == torch.device("cpu")
    assert device.describe("cuda").fallback == "no_cuda"


def test_auto_with_cuda_picks_it(fake_cuda):
    info = device.describe()
    assert info.device == torch.device("cuda") and info.name == "Fake GPU" and info.fallback is None


def test_env_overrides_the_caller(fake_cuda, monkeypatch):
    monkeypatch.setenv(device.ENV_DEVICE, "cpu")
    assert device.pick_device("cuda") == torch.device("cpu")
    monkeypatch.setenv(device.ENV_DEVICE, "CUDA")
    assert device.pick_device("cpu") == torch.device("cuda")


def test_env_cuda_without_gpu_falls_back(no_cuda, monkeypatch):
    monkeypatch.setenv(device.ENV_DEVICE, "cuda")
    with pytest.warns(RuntimeWarning):
        assert device.pick_device() == torch.device("cpu")


def test_bad_env_value_is_reported_not_raised(no_cuda, monkeypatch):
    monkeypatch.setenv(device.ENV_DEVICE, "tpu")
    with pytest.warns(RuntimeWarning, match="DLVE_DEVICE"):
        assert device.pick_device() == torch.device("cpu")


def test_threads_are_small_and_overridable(monkeypatch):
    monkeypatch.delenv(device.ENV_THREADS, raising=False)
    assert device.server_threads() == 1
    monkeypatch.setenv(device.ENV_THREADS, "3")
    assert device.server_threads() == 3
    monkeypatch.setenv(device.ENV_THREADS, "lots")
    assert device.server_threads() == 1
    monkeypatch.setenv(device.ENV_THREADS, "-4")
    assert device.server_threads() == 1
