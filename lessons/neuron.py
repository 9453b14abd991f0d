"""Neurons and networks."""
from ui.page import header

header("neuron")
