"""What one visitor may ask of the shared server: every control and URL value is held inside these.

Pages take their slider bounds from here and the URL parameters are clamped to the same
numbers, so no control or link can make one session take unbounded memory or CPU. A spiral
frame is also bounded by its work (steps x batch x parameters), since the largest settings together
cost far more than each alone.
"""
# spiral: 6 classes x 1000 points, 4 hidden layers of 512 at most, 500 steps per frame
SPIRAL_MAX_PER_CLASS = 1000
SPIRAL_MAX_CLASSES = 6
SPIRAL_MAX_LAYERS = 4
SPIRAL_MAX_WIDTH = 512
SPIRAL_MAX_STEPS_PER_FRAME = 500
SPIRAL_MAX_AUTO_STEPS = 5000  # "auto" steps per frame never goes above this
# ...and no frame or press of Step does more than this much work: (points per step x parameters) x steps.
# Every limit above at once is 4.7e9 a step (0.36 s at one thread here), so such a run takes one step a frame.
SPIRAL_WORK_PER_FRAME = 6e9

# regression: points generated, steps per frame
REGRESSION_MAX_POINTS = 2000
REGRESSION_MAX_STEPS_PER_FRAME = 200

# initialisation: a weight matrix of at most 1024 x 1024; depth runs of 50 layers of 1024
INIT_MAX_FAN = 1024
INIT_MAX_DEPTH = 50
INIT_MAX_WIDTH = 1024

# activations: gradient-through-depth layers
ACTIVATIONS_MAX_DEPTH = 30

# a live run pauses itself after this long (ui/player.py; DLVE_PLAY_SECONDS overrides)
PLAY_SECONDS = 180.0

# Sharing one server process among live runs (ui/serverload.py, ui/player.py). Past MAX_LIVE_RUNS a newcomer's
# Play waits in line, told its place and the wait: measured here (bench/load.py --client ws, docs/deploy.md), one
# process gives 30 mixed spiral/regression runs about 1-3 frames a second each, so more would only slow everyone.
MAX_LIVE_RUNS = 30  # DLVE_MAX_LIVE_RUNS overrides
# Frames computed at one moment in a process: its Python work holds one interpreter lock, so more at once only
# makes them take turns at it (and the event loop that sends them waits behind). DLVE_FRAMES_AT_ONCE overrides.
FRAMES_AT_ONCE = 2
# "auto" steps per frame train in at least 70% of a frame while its slice of the server still affords this many
# frames a second; on a busier server they hold this many frames a second and train in what is left (ui.player)
PICTURE_FPS = 3.0
