"""Tensors."""
from ui.page import header

header("tensors")
