"""Activation functions."""
from ui.page import header

header("activations")
