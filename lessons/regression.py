"""Gradient descent, step by step."""
from ui.page import header

header("regression")
