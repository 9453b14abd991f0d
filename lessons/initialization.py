"""Weight initialisation."""
from ui.page import header

header("initialization")
