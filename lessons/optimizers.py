"""(being built) the optimizers lesson."""
from ui.page import header

view = header("optimizers")
view.publish()
