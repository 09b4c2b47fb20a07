#!/usr/bin/python3
"""Makes the tiny TorchScript model that tests the TorchScript synthesizer backend.

It follows the backend's contract (docs/model.md): forward(i0, i1, tau) with i0, i1 float32
N x 3 x H x W RGB in [0, 1] and tau float32 N, returning float32 N x 3 x H x W. The graph is a
weight-free linear blend, so the test can compute the expected frames exactly.

Run with Debian's python3-torch (1.13), not a pyenv python:
    /usr/bin/python3 scripts/make-torchscript-blend.py interpolator/src/test/resources/torchscript/blend.pt
"""
import sys

import torch


class Blend(torch.nn.Module):
    def forward(self, i0: torch.Tensor, i1: torch.Tensor, tau: torch.Tensor) -> torch.Tensor:
        t = tau.reshape(-1, 1, 1, 1)
        return (1 - t) * i0 + t * i1


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "blend.pt"
    model = torch.jit.script(Blend())
    a, b = torch.rand(2, 3, 5, 7), torch.rand(2, 3, 5, 7)
    tau = torch.tensor([0.25, 0.5])
    assert torch.allclose(model(a, b, tau)[1], (a[1] + b[1]) / 2)
    model.save(out)
    print(f"wrote {out}")
