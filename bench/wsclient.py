"""A Streamlit session without a browser: Streamlit's own websocket protocol, spoken from Python.

The browser's side of the conversation, as Streamlit 1.67's frontend has it:

* open ``ws://host/_stcore/stream`` with the subprotocol ``streamlit`` (the header's second and third entries
  carry an XSRF token and a session id to resume; a fresh visitor sends neither);
* send a ``BackMsg`` ``rerun_script`` whose ``ClientState`` holds the query string, the page's URL path
  (``page_name``; once the server has said which page that is, its ``page_script_hash``) and the widget
  states (on the first run, none);
* read ``ForwardMsg``s: ``new_session``, ``navigation`` (the pages and the current one's hash), ``delta``s
  (each a new element, block or transient at a path), ``script_finished``. No message arrives as a cache
  reference (``ref_hash``) because this client reports no ``cached_message_hashes``.

Pressing a button is another ``rerun_script`` with the button's widget id set to ``trigger_value``; the
id is the one in the button's element (``$$ID-<hash>-<key>`` for a keyed widget). A browser also sends
the values of every other widget it shows; this client sends only the widgets it has set, which leaves
the others at the value the server holds for them (their defaults, or what the URL gave).

``Session.frames`` records (time, step) each time the page's "Step" metric changes: one frame of a live run.
Used by ``bench/load.py --client ws`` and by ``tests/test_deploy.py``.
"""
from __future__ import annotations

import asyncio
import time
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

STEP_LABELS = ("Step", "步数")  # the step metric's label on the live pages (spiral.step, regression.step)


@dataclass
class Widget:
    id: str
    kind: str
    label: str = ""
    disabled: bool = False


@dataclass
class Session:
    """One visitor's session on ``base`` (``http://host:port``, or nginx in front) at page ``slug``."""

    base: str
    slug: str
    query: str = "lang=en"
    headers: dict = field(default_factory=dict)  # e.g. the affinity cookie from a first GET
    session_id: str | None = None
    page_hash: str = ""
    widgets: dict = field(default_factory=dict)  # user key -> Widget, as last drawn
    frames: list = field(default_factory=list)  # (time.monotonic(), step) each time the step changed
    runs_finished: int = 0
    exceptions: list = field(default_factory=list)
    received: int = 0
    downloads: list = field(default_factory=list)  # /media/... urls of download buttons

    def __post_init__(self):
        self._ws = None
        self._reader = None
        self._finished = asyncio.Event()
        self._last_step: str | None = None

    @property
    def ws_url(self) -> str:
        u = urlsplit(self.base)
        scheme = "wss" if u.scheme == "https" else "ws"
        return f"{scheme}://{u.netloc}{u.path.rstrip('/')}/_stcore/stream"

    replica: str | None = None  # behind deploy/serve: the replica nginx pinned this visitor to

    def visit(self, timeout: float = 60) -> int:
        """GET the page as a browser's first request does; behind deploy/serve's nginx this brings the
        ``dlve_route`` cookie, which the websocket then carries. Returns the HTTP status."""
        path = "" if self.slug == "home" else self.slug
        req = urllib.request.Request(f"{self.base.rstrip('/')}/{path}?{self.query}", headers=self.headers)
        with urllib.request.urlopen(req, timeout=timeout) as r:
            r.read()
            for c in r.headers.get_all("Set-Cookie") or []:
                name, _, rest = c.partition("=")
                if name.strip() == "dlve_route":
                    self.headers["Cookie"] = f"dlve_route={rest.split(';')[0]}"
            self.replica = r.headers.get("X-Dlve-Replica") or self.replica
            return r.status

    async def open(self, timeout: float = 120, visit: bool = True) -> None:
        """(GET the page, then) connect and run the page once, as a fresh tab at ``/<slug>?<query>`` does."""
        if visit:
            await asyncio.to_thread(self.visit, timeout)
        self._ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], additional_headers=self.headers,
                                            max_size=None, open_timeout=timeout, ping_interval=None)
        self._reader = asyncio.create_task(self._read())
        await self.rerun({})
        await self.wait_finished(timeout)

    async def rerun(self, states: dict) -> None:
        """``states``: widget id -> ("trigger_value" | "int_value" | ..., value)."""
        self._finished.clear()
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_name = self.slug if self.slug != "home" else ""
        cs.page_script_hash = self.page_hash
        for wid, (kind, value) in states.items():
            w = cs.widget_states.widgets.add()
            w.id = wid
            setattr(w, kind, value)
        await self._ws.send(msg.SerializeToString())

    async def press(self, key: str) -> None:
        """Click the button with this user key (e.g. ``spiral_toggle``)."""
        await self.rerun({self.widgets[key].id: ("trigger_value", True)})

    async def wait_finished(self, timeout: float) -> None:
        await asyncio.wait_for(self._finished.wait(), timeout)

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except (asyncio.CancelledError, Exception):
                pass

    @property
    def alive(self) -> bool:
        return self._reader is not None and not self._reader.done()

    async def _read(self) -> None:
        async for data in self._ws:
            self.received += 1
            m = ForwardMsg()
            m.ParseFromString(data)
            self._take(m)

    def _take(self, m: ForwardMsg) -> None:
        kind = m.WhichOneof("type")
        if kind == "new_session":
            self.session_id = m.new_session.initialize.session_id or self.session_id
            if m.new_session.page_script_hash:
                self.page_hash = m.new_session.page_script_hash
        elif kind == "navigation":
            if m.navigation.page_script_hash:
                self.page_hash = m.navigation.page_script_hash
        elif kind == "script_finished":
            self.runs_finished += 1
            self._finished.set()
        elif kind == "delta" and m.delta.WhichOneof("type") == "new_element":
            self._element(m.delta.new_element)

    def _element(self, el) -> None:
        kind = el.WhichOneof("type")
        if kind == "metric":
            if el.metric.label in STEP_LABELS and el.metric.body != self._last_step:
                self._last_step = el.metric.body
                self.frames.append((time.monotonic(), int(el.metric.body.replace(",", "") or 0)))
        elif kind == "exception":
            self.exceptions.append(el.exception.message)
        elif kind == "download_button":
            self.downloads.append(el.download_button.url)
            self._widget(el.download_button.id, kind, el.download_button.label, el.download_button.disabled)
        elif kind == "button":
            self._widget(el.button.id, kind, el.button.label, el.button.disabled)
        else:
            inner = getattr(el, kind, None)
            wid = getattr(inner, "id", None) if inner is not None else None
            if isinstance(wid, str) and wid.startswith("$$ID"):
                self._widget(wid, kind, getattr(inner, "label", ""), getattr(inner, "disabled", False))

    def _widget(self, wid: str, kind: str, label: str, disabled: bool) -> None:
        key = wid.split("-", 2)[2] if wid.startswith("$$ID-") and wid.count("-") >= 2 else wid
        self.widgets[key] = Widget(wid, kind, label, disabled)

    def steps_in(self, start: float, end: float) -> tuple[int, int]:
        """(frames, steps) between two monotonic times: frames that arrived in the window, and the steps the
        step metric moved by from the last frame before it to the last one in it."""
        before = [s for t, s in self.frames if t < start]
        inside = [s for t, s in self.frames if start <= t < end]
        if not inside:
            return 0, 0
        first = before[-1] if before else inside[0]
        return len(inside), inside[-1] - first
