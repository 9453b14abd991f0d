"""How far below its whole page a lesson's first screen alone, or its probe in a fragment, could bring it (#15).

    python bench/first_screen.py [--rounds 3] [--steps 2]

Serves, in one run, four pages and measures them as bench/latency.py does (open-to-settled, slider-to-settled
on the x₀ slider, fresh browser context per open, server and browser pinned to a core each):
- full: the activations lesson as it is;
- first screen: a copy of the app whose activations lesson stops (``st.stop()``) right after its main chart,
  so what is left is the app's shell, the page header, the picker, three sliders and one chart;
- fragment: a copy whose x₀ slider, main chart, caption and probe table are one ``@st.fragment``, so a step of
  x₀ reruns only them (the slider moves under the picker row to make that possible);
- floor: bench/latency.py's floor page (one slider, one Altair line chart of 200 points).

The copies are patched from the lesson's source by exact text replacement, and the bench stops if the text it
looks for is gone. Measured on the 2-core machine (2 December 2026, 3 rounds): open / step against the floor,
full 2.13× / 2.93×, first screen 1.26× / 1.16×, fragment 2.32× / 2.38×: the page meets #15's 1.3× and 1.5× only
when it is cut to its first screen, and a fragment round the probe does not bring a step near 1.5×.
Measurements only: nothing is asserted.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import statistics
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import latency as L  # noqa: E402
from tests import browser as B  # noqa: E402

MAIN_CHART = '        V.show(V.f_figure(*key, thr, x0, lang, style), "act_f")\n'
X0 = 'x0 = c3.slider(t("activations.x0"), -20.0, 20.0, step=0.1, key="act_x0", help=t("activations.x0_help"))\n'
PROBE = ('''    with st.container(key="main_chart"):
        V.show(V.f_figure(*key, thr, x0, lang, style), "act_f")
    st.caption(t("activations.f_caption", x0=x0) if lo <= x0 <= hi else t("activations.probe_outside"))
''')
PROBE_TABLE = '''
    st.markdown(f"**{t('activations.probe_header', x0=x0)}**")
    probes, probe_columns = V.probe_table(names, x0, params)
    tables.show(probes, hide_index=True, key="act_probe_table", column_config=probe_columns)
'''
FRAGMENT = '''    @st.fragment
    def probe():
        x0 = st.slider(t("activations.x0"), -20.0, 20.0, step=0.1, key="act_x0", help=t("activations.x0_help"))
        with st.container(key="main_chart"):
            V.show(V.f_figure(*key, thr, x0, lang, style), "act_f")
        st.caption(t("activations.f_caption", x0=x0) if lo <= x0 <= hi else t("activations.probe_outside"))
        st.markdown(f"**{t('activations.probe_header', x0=x0)}**")
        probes, probe_columns = V.probe_table(names, x0, params)
        tables.show(probes, hide_index=True, key="act_probe_table", column_config=probe_columns)

    probe()
'''
PATCHES = {
    "first screen": [(MAIN_CHART, MAIN_CHART + "    st.stop()\n")],
    "fragment": [(X0, 'x0 = st.session_state.get("act_x0", 0.0)\n'), (PROBE, FRAGMENT), (PROBE_TABLE, "")],
}


def patched_copy(tmp: pathlib.Path, name: str, patches) -> pathlib.Path:
    """A copy of the app (no .git, no venv) whose activations lesson has ``patches`` applied; its app.py."""
    dest = tmp / name.replace(" ", "_")
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", "artifacts", "bench"))
    lesson = dest / "lessons" / "activations.py"
    source = lesson.read_text()
    for old, new in patches:
        if source.count(old) != 1:
            raise SystemExit(f"{name}: lessons/activations.py no longer holds {old.strip()[:60]!r} once; update the bench")
        source = source.replace(old, new)
    lesson.write_text(source)
    return dest / "app.py"


def main() -> None:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--steps", type=int, default=2)
    args = ap.parse_args()
    two = (os.cpu_count() or 1) >= 2
    if two:
        os.sched_setaffinity(0, {1})
    core = 0 if two else None
    with tempfile.TemporaryDirectory() as tmp_name, sync_playwright() as p:
        tmp = pathlib.Path(tmp_name)
        floor_script = tmp / "floor.py"
        floor_script.write_text(L.FLOOR_PAGE)
        scripts = {"full": None} | {name: patched_copy(tmp, name, patches) for name, patches in PATCHES.items()}
        servers = {name: L.ScriptServer(script, core=core) for name, script in scripts.items()}
        servers["floor"] = L.ScriptServer(floor_script, core=core)
        browser = B.launch(p)
        try:
            for server in servers.values():
                server.wait_healthy()
            urls = {name: (server.url if name == "floor" else f"{server.url}/activations?lang=en")
                    for name, server in servers.items()}
            slug = {name: ("floor" if name == "floor" else "activations") for name in servers}
            for name, url in urls.items():  # warm: imports, caches, the browser's first compile of each chunk
                L.measure(browser, url, slug[name], 1, 1)
            results = {name: ([], []) for name in urls}
            for _ in range(args.rounds):
                for name, url in urls.items():
                    opens, steps = L.measure(browser, url, slug[name], 1, args.steps)
                    results[name][0].extend(opens)
                    results[name][1].extend(steps)
        finally:
            browser.close()
            for server in servers.values():
                server.stop()
    f_open, f_step = (statistics.median(x) for x in results["floor"])
    print(f"{'page':<14}{'open s':>8}{'× floor':>9}{'step s':>9}{'× floor':>9}")
    for name, (opens, steps) in results.items():
        o, s = statistics.median(opens), statistics.median(steps)
        print(f"{name:<14}{o / 1e3:8.2f}{o / f_open:9.2f}{s / 1e3:9.2f}{s / f_step:9.2f}")


if __name__ == "__main__":
    main()
