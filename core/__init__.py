"""Pure PyTorch + pandas computations behind every page.

Nothing here imports streamlit or altair, seeds a global RNG, or keeps state
between calls: every random draw takes a ``torch.Generator`` and every
function returns plain tensors or DataFrames. Submodules are imported
explicitly (``from core import activations``) so ``import core`` stays cheap.
"""
