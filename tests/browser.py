"""A real server and a real Chromium, for the end-to-end tests."""
from __future__ import annotations

import os
import pathlib
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("DLVE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
# Screenshots are artefacts: outside the tree unless DLVE_ARTIFACTS says where.
ARTIFACTS = pathlib.Path(os.environ.get("DLVE_ARTIFACTS", "/tmp/dlve-artifacts"))


def chromium_missing_reason() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set DLVE_CHROMIUM)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``streamlit run app.py`` on 127.0.0.1 at a free port, stopped on exit.

    The port is picked free before Streamlit binds it, so another process can take it in between
    (Streamlit then exits with "Port N is not available"): ``wait_healthy`` starts again on a new port,
    up to ``BIND_TRIES`` times, and counts it in ``rebinds``."""

    BIND_TRIES = 5

    def __init__(self, env: dict | None = None):
        self.env = env
        self.rebinds = 0
        self.started = time.monotonic()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self._spawn()

    def _spawn(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.address", "127.0.0.1",
               "--server.port", str(self.port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--client.showErrorDetails", "full"]  # so an exception is an stException box the tests see
        self.log = open(ARTIFACTS / f"server-{self.port}.log", "w")  # noqa: SIM115 (closed in stop())
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
                                     env={**os.environ, **(self.env or {})})

    def _log_text(self) -> str:
        self.log.flush()
        return pathlib.Path(self.log.name).read_text(errors="replace")

    def _lost_the_port(self) -> bool:
        return f"Port {self.port} is not available" in self._log_text()

    def _bound(self) -> bool:
        """This server, not another on the same port, is the one answering (it says so once bound)."""
        return "You can now view" in self._log_text() and self.proc.poll() is None

    def wait_healthy(self, timeout: float = 180) -> float:
        """Seconds from start until /_stcore/health answers ok (a measurement: the caller prints it,
        never holds it against a bound; ``timeout`` only stops a server that never comes up)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                if self._lost_the_port() and self.rebinds < self.BIND_TRIES:
                    self.log.close()
                    self.rebinds += 1
                    self._spawn()
                    continue
                raise RuntimeError(f"server exited with {self.proc.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200 and r.read().strip() == b"ok" and self._bound():
                        return time.monotonic() - self.started
            except OSError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"server not healthy after {timeout}s; see {self.log.name}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def launch(playwright, extra_args=()):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *extra_args])


def requires_browser(also: str | None = None) -> pytest.MarkDecorator:
    """A browser test module's ``pytestmark``: skip with the reason where Chromium (or ``also``, another
    missing need) is absent, but fail at import where CI says these tests must run (DLVE_REQUIRE_BROWSER=1)."""
    reason = chromium_missing_reason() or also
    if reason and os.environ.get("DLVE_REQUIRE_BROWSER") == "1":
        raise RuntimeError(f"browser tests are required here but cannot run: {reason}")
    return pytest.mark.skipif(reason is not None, reason=reason or "")


@pytest.fixture(scope="module")
def server():
    """One ``streamlit run app.py`` for a test module (import this fixture into the module)."""
    s = Server()
    s.health_seconds = s.wait_healthy()
    yield s
    s.stop()


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for a test module (import this fixture into the module)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


def wait_until_idle(page, timeout_ms: int = 60_000) -> None:
    """The script run has finished: Streamlit marks the app ``notRunning`` (it starts ``initial``)."""
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout_ms)
    page.wait_for_selector("h1", timeout=timeout_ms)
    page.wait_for_timeout(300)  # let Vega finish painting before a screenshot


# --- live pages: a server and a browser together, Play, metrics, frames, memory ---------------------

# Timers and painting never throttled in a page Chromium thinks is in the background: with many
# contexts open at once, every one of them must keep drawing as a visible tab does.
LOAD_ARGS = ["--disable-background-timer-throttling", "--disable-renderer-backgrounding",
             "--disable-backgrounding-occluded-windows"]
SPF_KEY = {"spiral": "sp_spf", "regression": "reg_spf"}  # each live page's steps-per-frame widget
VIEWPORT = {"width": 1400, "height": 1000}


@contextmanager
def served_browser(env: dict | None = None, *, load: bool = False):
    """``(server, browser)``: ``streamlit run app.py`` with ``env`` and a headless Chromium, both
    stopped on exit. ``load=True`` launches Chromium for many pages drawing at once (LOAD_ARGS)."""
    from playwright.sync_api import sync_playwright

    server = Server(env=env)
    try:
        server.wait_healthy()
        with sync_playwright() as p:
            browser = launch(p, extra_args=LOAD_ARGS if load else ())
            try:
                yield server, browser
            finally:
                browser.close()
    finally:
        server.stop()


def open_live(browser, server: Server, slug: str, *, lang: str = "en", query: str = "", wait: bool = True):
    """A new browser context (a session of its own: own cookies, own websocket) on a live page."""
    ctx = browser.new_context(viewport=VIEWPORT, locale="en-US")
    page = ctx.new_page()
    page.goto(f"{server.url}/{slug}?lang={lang}{'&' + query if query else ''}", wait_until="commit")
    if wait:
        wait_until_idle(page, timeout_ms=180_000)
    return ctx, page


def set_steps_per_frame(page, slug: str, value: int, timeout_ms: int = 120_000) -> None:
    """Make the page's steps-per-frame slider show ``value``: a no-op when the URL already set it
    (``?spf=``), else by arrow keys on the slider, as a keyboard user would."""
    box = page.locator(f".st-key-{SPF_KEY[slug]}")
    box.locator("input[type=range]").wait_for(state="attached", timeout=timeout_ms)

    def shown() -> str:
        return box.locator("[data-testid=stSliderThumbValue]").inner_text().strip().replace(",", "")

    if shown() == str(value):
        return
    page.evaluate(RUNS_OBSERVE)
    for _ in range(250):
        now = shown()
        if now == str(value):
            break
        key = "ArrowLeft" if now.isdigit() and int(now) > value else "ArrowRight"
        last_key = page.evaluate("() => Date.now()")
        box.locator("input[type=range]").press(key)
        page.wait_for_timeout(50)
    else:
        raise AssertionError(f"{slug}: steps per frame stuck at {shown()!r}, wanted {value}")
    # The slider sends its value a moment (~0.1 s) after the last key: wait for a script run that ended after
    # that key, either one the value started or one already going that the value restarted (Streamlit keeps
    # the state "running" through such a restart). A fixed pause could end before the run starts, and the
    # page would look idle with the old value.
    page.wait_for_function("(t) => window.__runs.some(([s, e]) => e !== null && e > t) && document.querySelector("
                           "'[data-testid=stApp]')?.getAttribute('data-test-script-state') === 'notRunning'",
                           arg=last_key, timeout=timeout_ms)
    wait_until_idle(page, timeout_ms=timeout_ms)


# Every script run the page sees from now on, as [start, end] in Date.now() ms (end null while running),
# read from the app's data-test-script-state attribute.
RUNS_OBSERVE = """
() => {
  window.__runs = [];
  const app = document.querySelector('[data-testid=stApp]');
  window.__runObserver?.disconnect();
  window.__runObserver = new MutationObserver(() => {
    const state = app.getAttribute('data-test-script-state');
    const open = window.__runs.length && window.__runs[window.__runs.length - 1][1] === null;
    if (state === 'running' && !open) window.__runs.push([Date.now(), null]);
    else if (state !== 'running' && open) window.__runs[window.__runs.length - 1][1] = Date.now();
  });
  window.__runObserver.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}
"""


def toggle_selector(slug: str) -> str:
    return f".st-key-{slug}_toggle button"


# Pressed in the page at a shared moment. The button is looked up when the timer fires; if it is not
# there or is disabled then (Streamlit disables every widget while its websocket reconnects, which a
# busy machine can cause), a click would be a silent no-op: so the press waits, 20 ms at a time, for
# the button to take it, and window.__press records what it found and how late it fired.
PRESS_JS = """
([sel, at]) => {
  window.__press = {at, found: null, disabled: null, state: null, fired: null, late_ms: null};
  const press = () => {
    const p = window.__press, b = document.querySelector(sel);
    if (p.found === null) {
      p.found = !!b; p.disabled = !!b && b.disabled;
      p.state = document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') ?? null;
    }
    if ((!b || b.disabled) && Date.now() - at < 120000) return setTimeout(press, 20);
    p.fired = Date.now(); p.late_ms = p.fired - at;
    if (b) b.click();
  };
  setTimeout(press, at - Date.now());
}
"""


def click_together(pages_slugs, button: str = "toggle", delay_ms: int = 1500) -> int:
    """Press a player button (``toggle``: Play/Pause, ``reset``, ``step``) in every ``(page, slug)``
    at the same wall-clock moment (a timer armed in each page for one shared ``Date.now()``), so
    the sessions start together however long arming takes. Returns that moment (ms since the epoch)."""
    at = int(time.time() * 1000) + delay_ms
    for page, slug in pages_slugs:
        page.evaluate(PRESS_JS, [f".st-key-{slug}_{button} button", at])
    return at


def wait_reset(page, timeout_ms: int = 180_000) -> None:
    """Until a Reset has been drawn: the step shows 0 and the script run is over."""
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stMetricValue]')?.textContent.trim() === '0'"
        " && document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') === 'notRunning'",
        timeout=timeout_ms)
    page.wait_for_timeout(300)


def most_at_once(spans) -> int:
    """The largest number of ``(start, end)`` intervals that hold one moment in common."""
    events = sorted([(a, 1) for a, _ in spans] + [(b, -1) for _, b in spans], key=lambda e: (e[0], -e[1]))
    most = now = 0
    for _, d in events:
        now += d
        most = max(most, now)
    return most


# True once a play has run and ended by itself: the toggle says Play again, the rerun is over and
# the step is no longer 0 (right after the click, the old Play button and step 0 are still drawn).
# Also true as soon as an exception box shows: the caller looks at error_boxes() next.
PLAYED_JS = """
(sel) => {
  if (document.querySelector('[data-testid=stException]')) return true;
  const b = document.querySelector(sel);
  const state = document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state');
  const step = document.querySelector('[data-testid=stMetricValue]')?.textContent;
  return !!b && !b.innerText.includes('Pause') && !b.innerText.includes('暂停') && state === 'notRunning'
    && !!step && step.trim() !== '0';
}
"""


NEVER_STARTED_JS = """
(sel) => {
  const b = document.querySelector(sel);
  const state = document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state');
  const step = document.querySelector('[data-testid=stMetricValue]')?.textContent;
  return !!b && !b.innerText.includes('Pause') && !b.innerText.includes('暂停') && state === 'notRunning'
    && !!step && step.trim() === '0';
}
"""
RETRY_AFTER_MS = 20_000
# Every press of Play that did not start a run within RETRY_AFTER_MS: wait_played records it here (with
# what the page's press found) and presses again so the test runs to its end and reports all of them;
# the caller fails on a non-empty list. A lost press is a bug a visitor would meet.
LOST_PRESSES: list[dict] = []


def wait_played(page, slug: str, timeout_ms: int = 240_000) -> None:
    """Until the play pressed in ``page`` has ended (or an exception box shows); a screenshot
    goes to ARTIFACTS when it does not within ``timeout_ms``.

    A page still idle at step 0 with Play showing 20 s after the press lost it: recorded in
    LOST_PRESSES (window.__press, the script state, the time) and pressed once more.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    deadline = time.monotonic() + timeout_ms / 1000
    sel = toggle_selector(slug)
    try:
        while True:
            left = int((deadline - time.monotonic()) * 1000)
            try:
                page.wait_for_function(PLAYED_JS, arg=sel, timeout=max(1, min(RETRY_AFTER_MS, left)))
                break
            except PlaywrightTimeout:
                if left <= RETRY_AFTER_MS:
                    raise
                if page.evaluate(NEVER_STARTED_JS, sel):
                    lost = {"slug": slug, "url": page.url, "press": page.evaluate("() => window.__press ?? null"),
                            "ms_since_press": page.evaluate("() => window.__press && Date.now() - window.__press.at")}
                    LOST_PRESSES.append(lost)
                    print(f"\nlost Play press: {lost}")
                    page.screenshot(path=str(ARTIFACTS / f"lost-press-{slug}-{int(time.time())}.png"), full_page=True)
                    page.click(sel)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / f"not-played-{slug}-{int(time.time())}.png"), full_page=True)
        raise
    page.wait_for_timeout(300)


def metric_values(page) -> list[tuple[str, str]]:
    """Every st.metric on the page as (label, value), in page order."""
    return [tuple(x) for x in page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=stMetric]')].map(m => ["
        " m.querySelector('[data-testid=stMetricLabel]')?.innerText.trim() ?? '',"
        " m.querySelector('[data-testid=stMetricValue]')?.innerText.trim() ?? ''])")]


def error_boxes(page) -> list[str]:
    """The text of every exception box and st.error on the page."""
    return page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=stException], [data-testid=stAlertContentError]')]"
        ".map(e => e.innerText.slice(0, 500))")


# Counts frames as the browser receives them: every change of the first metric's text (the step)
# with its wall-clock time; window.__framesFrom is [time, step] when counting began (the first step
# shown after install, if a rerun had the metric cleared just then). A metric missing for a moment
# while a rerun redraws its placeholders is no frame. Installed before Play or while playing.
FRAMES_OBSERVE = """
() => {
  window.__frames = [];
  const read = () => document.querySelector('[data-testid=stMetricValue]')?.textContent ?? '';
  let last = read();
  window.__framesFrom = last ? [Date.now(), last] : null;
  window.__frameObserver?.disconnect();
  window.__frameObserver = new MutationObserver(() => {
    const now = read();
    if (!now || now === last) return;
    last = now;
    if (window.__framesFrom) window.__frames.push([Date.now(), now]);
    else window.__framesFrom = [Date.now(), now];
  });
  window.__frameObserver.observe(document.querySelector('[data-testid=stApp]'),
                                 {subtree: true, childList: true, characterData: true});
}
"""
FRAMES_READ = "() => window.__frames ?? []"
FRAMES_SINCE = "() => ({from: window.__framesFrom, frames: window.__frames ?? [], now: Date.now()})"


def step_number(text: str) -> int:
    return int(text.replace(",", "").strip())


def descendants(pid: int) -> list[int]:
    """``pid`` and all its child processes, from /proc (Linux)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in pathlib.Path(f"/proc/{p}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return out


def rss_bytes(pid: int) -> int:
    """Resident memory of ``pid`` and its children (VmRSS), 0 for those gone."""
    total = 0
    for p in descendants(pid):
        try:
            for line in pathlib.Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


class RssSampler:
    """Samples ``rss_bytes(pid)`` every ``every`` seconds in a thread while in a ``with`` block."""

    def __init__(self, pid: int, every: float = 0.5):
        self.pid, self.every, self.samples = pid, every, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while True:
            self.samples.append(rss_bytes(self.pid))
            if self._stop.wait(self.every):
                return

    @property
    def peak(self) -> int:
        return max(self.samples, default=0)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
