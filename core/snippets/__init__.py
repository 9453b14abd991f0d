"""The "show the PyTorch code" snippets: pure functions from a page's settings to source text.

Each page has a module here (``core/snippets/<page>.py``). A snippet is plain PyTorch that
runs as shown, imports nothing from this project, and ends by printing what the page shows,
so a test can execute it and compare.
"""
