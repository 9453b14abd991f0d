import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# A missing i18n key raises instead of showing the key, so page tests catch it.
os.environ["DLVE_I18N_STRICT"] = "1"
# The default run means the CPU on every machine: core picks CUDA when torch sees a GPU (core.device), while
# the tests hold trainers, pages and served apps against CPU oracles (and CPU tensors). So pages, AppTests and
# the servers the browser tests start (they inherit this) all run on the CPU. The tests marked ``cuda``
# (tests/test_cuda.py) pass torch.device("cuda") explicitly, which the variable does not override, and
# compare with the CPU; they are skipped, with the reason, where torch sees no GPU.
os.environ["DLVE_DEVICE"] = "cpu"

from ui.shell import PAGES as _SPECS

PAGES = [p.slug for p in _SPECS]
LANGS = ["en", "zh"]


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def open_app(slug: str, query: dict, timeout: float = 60, *, panels_open: bool = True):
    """An AppTest of the whole app opened at a page with exactly these query parameters.

    ``panels_open``: the link box and the code panel open, as a visitor who opened them (both render
    their st.code only then), so tests can read the link and the code; False: a first visit."""
    from streamlit.testing.v1 import AppTest

    from ui.code import OPEN_KEY
    from ui.page import link_key

    at = AppTest.from_file(str(ROOT / "explainer.py"), default_timeout=timeout)
    if panels_open:
        at.session_state[OPEN_KEY] = True
        at.session_state[link_key(slug)] = True
    for k, v in query.items():
        at.query_params[k] = v
    if slug != "home":  # opened directly, as a link would: the page's own URL values reach it
        at.switch_page(f"lessons/{slug}.py")
    at.run()
    return at


@pytest.fixture
def app():
    """An AppTest of the whole app opened at a page in a language: ``app("spiral", "zh")``."""

    def open_page(slug: str = "home", lang: str = "en", **query):
        return open_app(slug, {"lang": lang, **query})

    return open_page


@pytest.fixture
def app_one_thread():
    """``app`` with torch on one thread: the live lessons' models are tiny, and on a busy machine two threads
    spinning on each other's barriers were five times slower. Set after opening, since the app sets its own.
    A module uses it as its ``app``: ``@pytest.fixture def app(app_one_thread): return app_one_thread``."""
    import torch

    before = torch.get_num_threads()

    def open_page(slug: str = "home", lang: str = "en", **query):
        at = open_app(slug, {"lang": lang, **query})
        torch.set_num_threads(1)
        return at

    yield open_page
    torch.set_num_threads(before)


@pytest.fixture
def one_thread():
    """The models are tiny: one intra-op thread is faster, and on a shared machine far steadier.
    A trainer test module applies it to every test: ``pytestmark = pytest.mark.usefixtures("one_thread")``."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def course_data():
    """The course's spiral: 3 classes of 1000 points, noise 0.2, seed 12345."""
    from core.data import make_spiral

    return make_spiral(1000, 3, 0.2, seed=12345)


def widget(at, kind: str, key: str):
    """The widget of a kind with a key (AppTest has no keyed accessor for every kind)."""
    found = [w for w in at.get(kind) if getattr(w, "key", None) == key]
    assert found, f"no {kind} with key {key!r}"
    return found[0]


def python_code(at) -> list[str]:
    """The page's PyTorch code blocks (the link box is a code block too, in plain text)."""
    return [c.value for c in at.code if c.language == "python"]


def view_link(at) -> str:
    """What the page's "link to this view" box shows."""
    links = [c.value for c in at.code if c.language == "plaintext"]  # st.code(language=None); outputs say "text"
    assert len(links) == 1, links
    return links[0]


def link_query(at) -> dict:
    """The query of the link box's address, as a dict."""
    from urllib.parse import parse_qsl

    return dict(parse_qsl(view_link(at).split("?", 1)[1]))


def url_query(at) -> dict:
    """The page's URL parameters now (a repeated one: its last value)."""
    return {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


class DuplicateWarnings(list):
    """The log lines recorded so far; ``reset()`` empties it and re-arms Streamlit's once-per-process flag
    (for a test that opens many pages, e.g. one hypothesis example after another)."""

    def reset(self) -> None:
        from streamlit.elements.lib import policies

        self.clear()
        policies._shown_default_value_warning = False


@pytest.fixture
def duplicate_warnings(monkeypatch) -> DuplicateWarnings:
    """Streamlit's "created with a default value but also had its value set via the Session State API"
    log lines (Streamlit 1.67 only logs it: no element shows); Streamlit logs it once per process, so the
    flag is cleared for the test. tests/test_url_fuzz.py holds a positive control: a page that makes the
    warning on purpose must be seen here, so a Streamlit upgrade that moves the message cannot blind it."""
    from streamlit.elements.lib import policies

    seen = DuplicateWarnings()
    monkeypatch.setattr(policies, "_shown_default_value_warning", False)
    monkeypatch.setattr(policies._LOGGER, "warning", lambda msg, *args, **kw: seen.append(msg % args if args else msg))
    return seen


@pytest.fixture
def downloads(monkeypatch) -> dict:
    """file name -> (data callable, mime) of every download button the page registers, latest run last."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    seen = {}
    real = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        seen[file_name] = (data_callable, mimetype)
        return real(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return seen


def click(data_callable):
    """What the server does on a download click: run the callable on a thread that is not the script's."""
    import threading

    out = []
    worker = threading.Thread(target=lambda: out.append(data_callable()))
    worker.start()
    worker.join()
    return out[0]


def read_csv(frame):
    """A frame as a visitor's CSV download reads back."""
    import io

    import pandas as pd

    from ui.downloads import csv_of

    return pd.read_csv(io.StringIO(csv_of(frame)()))
