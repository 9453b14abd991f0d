"""Spiral classification."""
from ui.page import header

header("spiral")
