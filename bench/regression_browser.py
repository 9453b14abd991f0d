"""Frames per second a real browser receives while the regression page plays.

    python bench/regression_browser.py [--seconds 5] [--runs 3]

Starts the app and Chromium (tests.browser.served_browser), opens the page in Chromium, presses Play, and counts
changes of the Step metric's text with a MutationObserver for ``--seconds``; each change is
one frame the browser received and painted. The step counter (5 steps a frame at the
page's defaults) also says how many frames the server produced in that window; fewer painted
than sent means the browser, not the server, was the bottleneck. Prints the median over
``--runs`` plays.
"""
from __future__ import annotations

import argparse
import pathlib
import statistics
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from tests.browser import chromium_missing_reason, served_browser, step_number, wait_until_idle

COUNT_JS = """
async (ms) => {
  const value = () => document.querySelector('[data-testid=stMetricValue]');
  const start = value()?.textContent;
  let changes = 0, last = start, first = null, end = null;
  const obs = new MutationObserver(() => {
    const now = value()?.textContent;
    if (now !== last) { changes += 1; last = now; const t = performance.now(); first ??= t; end = t; }
  });
  obs.observe(document.querySelector('[data-testid=stMain]') || document.body,
              {subtree: true, childList: true, characterData: true});
  await new Promise(r => setTimeout(r, ms));
  obs.disconnect();
  return {changes, span: (end ?? 0) - (first ?? 0), start, last};
}
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if reason := chromium_missing_reason():
        sys.exit(reason)
    with served_browser({"DLVE_PLAY_SECONDS": str(args.seconds + 5)}) as (server, browser):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{server.url}/regression?lang=en")
        wait_until_idle(page)
        page.wait_for_selector("[data-testid=stMetricValue]")
        rates = []
        for _ in range(args.runs):
            page.get_by_role("button", name="Reset").click()
            wait_until_idle(page)
            page.get_by_role("button", name="Play").click()
            page.wait_for_timeout(500)  # past the rerun that starts the loop
            got = page.evaluate(COUNT_JS, int(args.seconds * 1000))
            rate = got["changes"] / args.seconds
            rates.append(rate)
            # steps are 5 a frame: how many frames the server produced in the same window
            sent = (step_number(got["last"]) - step_number(got["start"])) / 5
            print(f"  play: {got['changes']} frames painted in {args.seconds:.1f} s = {rate:.1f} frames/s; "
                  f"the server sent {sent:.0f} ({sent / args.seconds:.1f}/s)")
            page.get_by_role("button", name="Pause").click()
            wait_until_idle(page)
        print(f"frames/s received by Chromium while playing (median of {args.runs}): {statistics.median(rates):.1f}")

if __name__ == "__main__":
    main()
