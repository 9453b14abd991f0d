"""The course notes' own code, kept as written (global seed, per-sample loop): the oracle the
tests compare with and the baseline the benchmarks race."""
import math

import torch


def course_spiral(N=1000, C=3, seed=12345):
    """The course's spiral data: a global seed and a Python loop over every point."""
    torch.manual_seed(seed)
    X = torch.zeros(N * C, 2)
    y = torch.zeros(N * C, dtype=torch.long)
    for c in range(C):
        index = 0
        t = torch.linspace(0, 1, N)
        inner_var = torch.linspace((2 * math.pi / C) * c, (2 * math.pi / C) * (2 + c), N) + torch.randn(N) * 0.2
        for ix in range(N * c, N * (c + 1)):
            X[ix] = t[index] * torch.FloatTensor((math.sin(inner_var[index]), math.cos(inner_var[index])))
            y[ix] = c
            index += 1
    return X, y
