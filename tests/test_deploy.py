"""deploy/serve: nginx in front of two Streamlit processes, driven through the proxy by Chromium and by the
websocket client.

One run of the stack (two replicas on loopback) for the whole module. All test clients share one IP, so
the affinity under test is deploy/nginx.py's cookie (``dlve_route``), not ip_hash: each browser context is
a visitor of its own. The test checks that newcomers are spread over both replicas, that every page draws
through the proxy, that a download (/media, in one process's memory) and the regression page's CSV upload
(/_stcore/upload_file, to the session's process) work through it, that nginx's access log shows every
request of a pinned visitor reaching its replica, and that stopping one replica leaves the sessions on the
other untouched while new visitors (and those of the stopped replica, on reconnecting) get in. And that nginx
serves Streamlit's frontend files compressed and from its cache.
"""
from __future__ import annotations

import asyncio
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest

from tests.browser import VIEWPORT, free_port, launch, requires_browser, wait_until_idle
from tests.conftest import PAGES, ROOT

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
pytestmark = requires_browser(also=None if NGINX else "nginx is not installed (apt-get install nginx)")


class Stack:
    def __init__(self, prefix: pathlib.Path):
        self.prefix = prefix
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.pids: dict[str, int] = {}
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "deploy" / "serve"), "--replicas", "2", "--port", str(self.port),
             "--dir", str(prefix), "--fail-timeout", "30", "--", "--client.showErrorDetails", "full"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"})
        out = []
        for line in self.proc.stdout:
            out.append(line)
            if m := re.match(r"replica (\d+): pid (\d+)", line):
                self.pids[f"r{m.group(1)}"] = int(m.group(2))
            if line.startswith("serving"):
                break
        else:
            raise RuntimeError("deploy/serve did not start:\n" + "".join(out))

    def stop_replica(self, name: str) -> None:
        os.kill(self.pids[name], signal.SIGTERM)
        for _ in range(100):
            try:
                os.kill(self.pids[name], 0)
            except ProcessLookupError:
                return
            if pathlib.Path(f"/proc/{self.pids[name]}/stat").read_text().split()[2] == "Z":
                return  # gone, not yet reaped by deploy/serve
            time.sleep(0.1)
        os.kill(self.pids[name], signal.SIGKILL)

    def access_log(self) -> list[dict]:
        rows = []
        for line in (self.prefix / "logs" / "access.log").read_text().splitlines():
            m = re.search(r'"(\S+) (\S+) [^"]*" (\d+) .* cookie=(\S*) upstream=(.*) replica=(\S*) rt=', line)
            if m:
                rows.append(dict(zip(("method", "path", "status", "cookie", "upstream", "replica"), m.groups())))
        return rows

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def route(ctx) -> str | None:
    return next((c["value"] for c in ctx.cookies() if c["name"] == "dlve_route"), None)


def step_shown(page) -> int:
    return int(page.locator("[data-testid=stMetricValue]").first.inner_text().replace(",", ""))


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """One deploy/serve for the module (a start costs two Streamlit startups); the last test stops a replica."""
    s = Stack(tmp_path_factory.mktemp("nginx"))
    try:
        yield s
    finally:
        s.stop()


def test_ws_clients_play_through_nginx(stack):
    """Four websocket clients (bench/wsclient.py) through nginx: spread over both replicas, each plays."""
    from bench.wsclient import Session

    async def go():
        sessions = [Session(stack.url, slug, "lang=en") for slug in ("spiral", "regression") * 2]
        try:
            for s in sessions:
                await s.open(timeout=120)
            await asyncio.gather(*(s.press(f"{s.slug}_toggle") for s in sessions))
            await asyncio.sleep(4)
            return [(s.replica, len(s.frames), s.exceptions) for s in sessions]
        finally:
            await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)

    got = asyncio.run(go())
    print("ws sessions (replica, frames, exceptions):", got)
    assert {r for r, _, _ in got} == {"r1", "r2"}
    assert all(frames >= 3 and not exc for _, frames, exc in got), got


def test_nginx_compresses_and_caches_streamlits_frontend(stack):
    """A first visit's JavaScript comes gzip-compressed through nginx, byte for byte what a replica serves,
    and after the first request from nginx's cache (deploy/nginx.py): a class opening the app at once
    does not have every replica's Python process send each student 6 MB."""
    import gzip
    import urllib.request

    def get(url: str, **headers) -> tuple[dict, bytes]:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as r:
            return {k.lower(): v for k, v in r.headers.items()}, r.read()

    _, html = get(stack.url + "/")
    script = re.search(rb'src="\.?(/static/js/[^"]+\.js)"', html).group(1).decode()
    first, body = get(stack.url + script, **{"Accept-Encoding": "gzip"})
    again, body_again = get(stack.url + script, **{"Accept-Encoding": "gzip"})
    plain, direct = get(stack.url + script)
    assert first["content-encoding"] == "gzip" and len(body) < len(direct) / 2, (first, len(body), len(direct))
    assert gzip.decompress(body) == gzip.decompress(body_again) == direct
    assert again["x-cache-status"] == "HIT" and "content-encoding" not in plain
    assert "set-cookie" not in again  # a cached file never pins anyone to a replica


def test_two_replicas_behind_nginx(stack, tmp_path):
    from playwright.sync_api import sync_playwright

    from ui.i18n import t

    good = tmp_path / "good.csv"
    good.write_text("x,y\n0,1\n1,3\n2,5.2\n3,6.9\n4,9.1\n")
    with sync_playwright() as p:
        browser = launch(p)
        try:
            t0 = time.monotonic()
            # Every page, each in a browser context of its own (a visitor), all through nginx.
            visitors = {}
            for slug in PAGES:
                ctx = browser.new_context(viewport=VIEWPORT, locale="en-US", accept_downloads=True)
                page = ctx.new_page()
                page.goto(f"{stack.url}/{'' if slug == 'home' else slug}?lang=en", wait_until="commit")
                visitors[slug] = (ctx, page)
            for slug, (ctx, page) in visitors.items():
                wait_until_idle(page, timeout_ms=120_000)
                assert page.locator("[data-testid=stException]").count() == 0, slug
                assert page.locator("h1").count() >= 1, slug
                assert route(ctx) in ("r1", "r2"), (slug, ctx.cookies())
            routes = {slug: route(ctx) for slug, (ctx, _) in visitors.items()}
            assert set(routes.values()) == {"r1", "r2"}, routes  # least_conn spreads newcomers over both
            print("visitors per replica:", routes, f"(all pages drawn in {time.monotonic() - t0:.0f} s)")

            # A download and the CSV upload on the regression page, through the proxy.
            ctx, page = visitors["regression"]
            with page.expect_download() as got:
                page.locator("[data-testid=stDownloadButton] button").first.click()
            body = pathlib.Path(got.value.path()).read_bytes()
            assert got.value.url.startswith(stack.url + "/media/") and body.count(b"\n") > 2, got.value.url
            page.get_by_text(t("regression.source_csv", lang="en")).click()
            wait_until_idle(page)
            page.locator("input[type=file]").set_input_files(str(good))
            page.wait_for_selector("[data-testid=stAlertContentSuccess]", timeout=60_000)
            wait_until_idle(page)
            page.locator(".st-key-regression_step button").first.click()
            page.wait_for_function("() => document.querySelector('[data-testid=stMetricValue]')?.textContent !== '0'",
                                   timeout=60_000)
            wait_until_idle(page)
            first_step = step_shown(page)
            assert first_step > 0

            # Stop the other replica: this visitor's session is untouched, newcomers still get in.
            keep = routes["regression"]
            gone = "r2" if keep == "r1" else "r1"
            stack.stop_replica(gone)
            t1 = time.monotonic()
            page.locator(".st-key-regression_step button").first.click()
            page.wait_for_function(f"() => document.querySelector('[data-testid=stMetricValue]')?.textContent "
                                   f"=== '{2 * first_step:,}'", timeout=60_000)
            assert page.locator("[data-testid=stAlertContentSuccess]").count() == 1  # the upload still there
            assert route(ctx) == keep
            newcomer = browser.new_context(viewport=VIEWPORT, locale="en-US")
            npage = newcomer.new_page()
            npage.goto(f"{stack.url}/spiral?lang=en", wait_until="commit")
            wait_until_idle(npage, timeout_ms=120_000)
            assert npage.locator("[data-testid=stException]").count() == 0
            assert route(newcomer) == keep
            # A visitor of the stopped replica reconnects (Streamlit's frontend retries) and gets a new session.
            orphan_slug = next(s for s, r in routes.items() if r == gone)
            _, orphan = visitors[orphan_slug]
            orphan.wait_for_function("() => document.querySelector('[data-testid=stApp]')"
                                     "?.getAttribute('data-test-script-state') === 'notRunning'"
                                     " && !document.querySelector('[data-testid=stConnectionStatus]')",
                                     timeout=90_000)
            print(f"stopped {gone}: its visitor back in {time.monotonic() - t1:.0f} s")
            for ctx, _ in [*visitors.values(), (newcomer, None)]:
                ctx.close()
        finally:
            browser.close()

    # Through nginx's eyes: a visitor pinned to the surviving replica never reached the other one, and
    # websockets (101), a /media download and an upload went through the proxy.
    time.sleep(0.5)
    log = stack.access_log()
    pinned = [r for r in log if r["cookie"] == keep and r["replica"]]
    assert pinned and all(r["replica"] == keep for r in pinned), [r for r in pinned if r["replica"] != keep][:5]
    assert any(r["path"].startswith("/_stcore/stream") and r["status"] == "101" for r in log)
    assert any(r["path"].startswith("/media/") and r["status"] == "200" for r in log)
    assert any(r["path"].startswith("/_stcore/upload_file/") and r["status"] in ("200", "204") for r in log)
    assert {r["replica"] for r in log if r["path"].startswith("/_stcore/stream")} == {"r1", "r2"}
