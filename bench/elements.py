"""What a slider step costs as a page grows, and what a fragment saves: three pages in one run.

    python bench/elements.py [--rounds 3] [--steps 4] [--sections 20]

- floor: bench/latency.py's floor page (one slider, one Altair line chart of 200 points);
- full: the floor page followed by ``--sections`` static sections (Markdown, a LaTeX formula, a small st.table),
  the whole script rerun by each step, as the lessons are built;
- fragment: the same page with the slider and its chart in an ``@st.fragment``, so a step reruns only them.

Prints the median step-to-settled time (bench/latency.py's definition, fresh browser context per round) of each
and its ratio to the floor. Measured on the 2-core machine (#15, load average ~6 from other work): floor 245 ms,
full 356 ms (1.45×), fragment 327 ms (1.33×): most of what static elements add to a step is the browser laying
out a longer page, which a fragment does not avoid. Measurements only: nothing here is asserted.
"""
from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import tempfile
import textwrap

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import latency as L  # noqa: E402
from tests import browser as B  # noqa: E402

SECTIONS = '''
for i in range({n}):
    st.markdown(f"**Section {{i}}** some text with `code` and more words to lay out.")
    st.latex(r"\\sigma(x) = \\frac{{1}}{{1 + e^{{-x}}}}")
    st.table(pd.DataFrame({{"a": range(4), "b": range(4)}}))
'''
FRAGMENT = textwrap.dedent('''
    import altair as alt
    import numpy as np
    import pandas as pd
    import streamlit as st


    @st.fragment
    def top():
        f = st.slider("frequency", 1.0, 10.0, 2.0, 0.1, key="f")
        x = np.linspace(0.0, 1.0, 200)
        st.altair_chart(alt.Chart(pd.DataFrame({"x": x, "y": np.sin(2 * np.pi * f * x)})).mark_line()
                        .encode(x="x", y="y"), use_container_width=True)


    top()
''')


def pages(n: int) -> dict[str, str]:
    return {"floor": L.FLOOR_PAGE, "full": L.FLOOR_PAGE + SECTIONS.format(n=n), "fragment": FRAGMENT + SECTIONS.format(n=n)}


def main() -> None:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--steps", type=int, default=4)
    ap.add_argument("--sections", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = B.launch(p)
        servers = {}
        try:
            for name, source in pages(args.sections).items():
                script = pathlib.Path(tmp) / f"{name}.py"
                script.write_text(source)
                L.STEP[name] = ("key", "f")
                servers[name] = L.ScriptServer(script)
                servers[name].wait_healthy()
            for name, server in servers.items():  # warm: the browser's first compile of each chunk
                L.measure(browser, server.url, name, 1, 1)
            steps = {name: [] for name in servers}
            for _ in range(args.rounds):  # in rounds, so drifting load hits all alike
                for name, server in servers.items():
                    steps[name] += L.measure(browser, server.url, name, 1, args.steps)[1]
        finally:
            for server in servers.values():
                server.stop()
            browser.close()
    floor = statistics.median(steps["floor"])
    for name, values in steps.items():
        m = statistics.median(values)
        print(f"{name:9s} step {m:7.0f} ms  × floor {m / floor:.2f}  ({len(values)} steps)")


if __name__ == "__main__":
    main()
