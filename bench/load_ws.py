"""``bench/load.py --client ws``: the server's capacity measured without browsers (see bench/wsclient.py).

One server process (``--replicas 0``, the default), or ``deploy/serve --replicas K`` (nginx in front of K
processes) with the clients going through nginx. ``--sessions`` clients (half /spiral at ``--spf`` steps a
frame, half /regression at its default 5) open their page, wait for its first run to finish, then all
press Play at one moment. After ``--warmup`` seconds, each client counts the frames (changes of the Step
metric) it receives for ``--seconds``. The servers' RSS (every replica and its children, plus nginx) is
sampled every 0.5 s from before the sessions open until they are closed.

"headless": before any server starts, the same trainers (taken from an AppTest of each page at the same
settings) stepped directly, ``--sessions`` of them in the same mix, a frame's worth of steps in turn, by
one worker process per core (torch at one thread each), for ``--headless-seconds``: the steps/s the
machine does with no Streamlit, no drawing and no network. Its ratio to the steps/s the sessions got is
the share of the machine that reaches the students as training.
"""
from __future__ import annotations

import asyncio
import copy
import multiprocessing as mp
import os
import pathlib
import re
import statistics
import subprocess
import sys
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.wsclient import Session  # noqa: E402
from tests.browser import Server, descendants, rss_bytes  # noqa: E402

MB = 2**20
PAGES = ("spiral", "regression")
REGRESSION_SPF = 5


# ---------------------------------------------------------------- headless

def _headless_worker(kinds: list[str], spf: dict, seconds: float, out) -> None:
    os.environ["DLVE_DEVICE"] = "cpu"
    import torch

    torch.set_num_threads(1)
    from tests.conftest import open_app

    held = {}
    for slug in set(kinds):
        at = open_app(slug, {"lang": "en", **({"spf": str(spf[slug])} if slug == "spiral" else {})})
        key = "sp_trainer" if slug == "spiral" else "reg_trainer"
        held[slug] = at.session_state[key][1]
    trainers = [(copy.deepcopy(held[k]), spf[k]) for k in kinds]
    for tr, n in trainers:  # warm up
        tr.step(n)
    out.put("ready")
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for tr, n in trainers:
            tr.step(n)
            steps += n
    out.put(steps / (time.perf_counter() - start))


def headless(kinds: list[str], spf: dict, seconds: float) -> float:
    """Steps/s of ``kinds`` trainers stepped by one process per core."""
    cores = os.cpu_count() or 1
    shares = [kinds[i::cores] for i in range(cores) if kinds[i::cores]]
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    procs = [ctx.Process(target=_headless_worker, args=(share, spf, seconds, q)) for share in shares]
    for p in procs:
        p.start()
    got = [q.get(timeout=600) for _ in range(2 * len(procs))]
    for p in procs:
        p.join()
    return sum(g for g in got if g != "ready")


# ---------------------------------------------------------------- servers

class Stack:
    """One ``streamlit run`` (replicas=0), or deploy/serve with nginx in front of ``replicas`` processes;
    or a server already running at ``url`` with process ``pid`` (to compare two checkouts of the app with
    one client: start each with the ``env`` printed by ``--url``, on its own port)."""

    def __init__(self, replicas: int, env: dict, url: str | None = None, pid: int | None = None):
        self.replicas = replicas
        self.pids: list[int] = []
        self.url = url
        if url:
            self.base, self.pids = url.rstrip("/"), [pid] if pid else []
            return
        if replicas == 0:
            self.server = Server(env=env)
            self.server.wait_healthy()
            self.base = self.server.url
            self.pids = [self.server.proc.pid]
            return
        from tests.browser import free_port

        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "deploy" / "serve"), "--replicas", str(replicas),
                                      "--port", str(port)], stdout=subprocess.PIPE, text=True,
                                     env={**os.environ, **env})
        for line in self.proc.stdout:
            if m := re.match(r"replica \d+: pid (\d+)", line):
                self.pids.append(int(m.group(1)))
            if m := re.match(r"nginx: pid (\d+)", line):
                self.pids.append(int(m.group(1)))
            if line.startswith("serving"):
                break
        else:
            raise RuntimeError(f"deploy/serve exited with {self.proc.wait()}")

    def rss(self) -> int:
        return sum(rss_bytes(p) for p in self.pids)

    def cpu_seconds(self) -> list[float]:
        """CPU time (user + system) each process and its children has used so far, from /proc."""
        return [sum(_cpu(q) for q in descendants(p)) for p in self.pids]

    def stop(self) -> None:
        if self.url:
            return
        if self.replicas == 0:
            self.server.stop()
        else:
            self.proc.terminate()
            self.proc.wait(30)


def _cpu(pid: int) -> float:
    try:
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Sampler:
    def __init__(self, stack: Stack, every: float = 0.5):
        self.stack, self.every, self.samples = stack, every, []
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.samples.append(self.stack.rss())
            self._stop.wait(self.every)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()


# ---------------------------------------------------------------- the run

async def play(base: str, kinds: list[str], spf: dict, warmup: float, seconds: float, stack=None, opening: int = 6,
               start_limit: float = 120):
    sessions = [Session(base, slug, "lang=en" + (f"&spf={spf[slug]}" if slug == "spiral" else "")) for slug in kinds]
    gate = asyncio.Semaphore(opening)  # a class arrives over a few seconds, not in one instant

    async def open_one(s):
        async with gate:
            await s.open(timeout=300)

    try:
        t = time.monotonic()
        await asyncio.gather(*(open_one(s) for s in sessions))
        opened_s = time.monotonic() - t
        shown = [len(s.frames) for s in sessions]
        pressed = time.monotonic()
        await asyncio.gather(*(s.press(f"{s.slug}_toggle") for s in sessions))
        # Every session's play has begun (two frames past what it showed) before the warm-up starts: with
        # many sessions, the reruns the presses start take a while to reach their loops.
        while time.monotonic() - pressed < start_limit and any(
                len(s.frames) < n + 2 for s, n in zip(sessions, shown)):
            await asyncio.sleep(0.2)
        started_s = time.monotonic() - pressed
        t0 = time.monotonic() + warmup
        await asyncio.sleep(warmup)
        cpu0, mine0 = stack.cpu_seconds() if stack else [], time.process_time()
        await asyncio.sleep(seconds)
        t1 = time.monotonic()
        cpu = {"servers": [(b - a) / (t1 - t0) for a, b in zip(cpu0, stack.cpu_seconds() if stack else [])],
               "client": (time.process_time() - mine0) / (t1 - t0), "started_s": started_s}
        results = []
        for s in sessions:
            frames, steps = s.steps_in(t0, t1)
            results.append({"page": s.slug, "fps": frames / (t1 - t0), "steps_per_s": steps / (t1 - t0),
                            "replica": s.replica, "exceptions": len(s.exceptions), "alive": s.alive})
        return results, opened_s, cpu
    finally:
        await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)


def run(args) -> None:
    pages = PAGES if args.page == "both" else (args.page,)
    kinds = [pages[i % len(pages)] for i in range(args.sessions)]
    spf = {"spiral": args.spf, "regression": REGRESSION_SPF}
    print(f"headless: {len(kinds)} trainers on {os.cpu_count()} worker processes for {args.headless_seconds:.0f} s ...",
          flush=True)
    head = headless(kinds, {k: n or 10 for k, n in spf.items()}, args.headless_seconds)  # auto (0): 10 a call
    play_s = args.warmup + args.seconds + 300  # the presses' reruns may take up to 120 s to reach their loops
    env = {"DLVE_PLAY_SECONDS": str(play_s), "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none", "DLVE_DEVICE": "cpu"}
    if args.url:
        print("using the server at " + args.url + " (started with " + " ".join(f"{k}={v}" for k, v in env.items()) + ")")
    stack = Stack(args.replicas, env, args.url, args.pid)
    try:
        before = stack.rss()
        with Sampler(stack) as rss:
            results, opened_s, cpu = asyncio.run(play(stack.base, kinds, spf, args.warmup, args.seconds, stack))
        time.sleep(5)
        after = stack.rss()
    finally:
        stack.stop()

    where = args.url or ("one process" if args.replicas == 0 else f"nginx + {args.replicas} replicas")
    print(f"\n{args.sessions} ws sessions on {where} ({kinds.count('spiral')} spiral at {args.spf} steps/frame, "
          f"{kinds.count('regression')} regression at {REGRESSION_SPF}); opened in {opened_s:.0f} s; "
          f"all playing {cpu['started_s']:.0f} s after the presses; {args.seconds:.0f} s counted after "
          f"{args.warmup:.0f} s more")
    print(f"{'':<12}{'sessions':>9}{'fps median':>12}{'min':>8}{'max':>8}{'steps/s (sum)':>16}")
    for label, rs in [(p, [r for r in results if r["page"] == p]) for p in PAGES] + [("all", results)]:
        if rs:
            fps = [r["fps"] for r in rs]
            print(f"{label:<12}{len(rs):>9}{statistics.median(fps):>12.1f}{min(fps):>8.1f}{max(fps):>8.1f}"
                  f"{sum(r['steps_per_s'] for r in rs):>16,.0f}")
    if args.replicas:
        per = {}
        for r in results:
            per[r["replica"]] = per.get(r["replica"], 0) + 1
        print("sessions per replica: " + ", ".join(f"{k}: {v}" for k, v in sorted(per.items(), key=str)))
    frames_s = sum(r["fps"] for r in results)
    busy = sum(cpu["servers"])
    print(f"frames/s sent in all {frames_s:.1f}; server CPU per frame {1000 * busy / max(frames_s, 1e-9):.0f} ms")
    print("CPU while counted (cores busy): " + ", ".join(f"{'nginx' if args.replicas and i == len(cpu['servers']) - 1 else 'server'} "
                                                          f"{c:.2f}" for i, c in enumerate(cpu["servers"]))
          + f", this client {cpu['client']:.2f}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if dead := sum(not r["alive"] for r in results):
        print(f"WARNING: {dead} sessions lost their websocket")
    bad = sum(r["exceptions"] > 0 for r in results)
    if bad:
        print(f"WARNING: {bad} sessions showed an exception box")
    total = sum(r["steps_per_s"] for r in results)
    fps = [r["fps"] for r in results]
    print(f"server RSS: {before / MB:.0f} MB before the sessions, {max(rss.samples) / MB:.0f} MB peak, "
          f"{after / MB:.0f} MB 5 s after they closed; training reached {total / head:.0%} of headless")
    print(f"sessions {args.sessions}: frames/s per session median {statistics.median(fps):.1f} min {min(fps):.1f}; "
          f"steps/s total {total:,.0f} (headless {head:,.0f}); RSS peak {max(rss.samples) / MB:.0f} MB")
