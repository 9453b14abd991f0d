"""(being built) the playground lesson."""
from ui.page import header

view = header("playground")
view.publish()
