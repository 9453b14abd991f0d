"""`streamlit run app.py` serves explainer.py as an st.App whose startup hook warms the process (#15)."""
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_streamlit_run_finds_the_app_and_its_script():
    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(ROOT / "app.py")
    assert found.is_asgi_app, found
    assert (ROOT / "explainer.py").is_file()
    assert 'st.App("explainer.py", lifespan=warm_first)' in (ROOT / "app.py").read_text()


def test_warm_up_imports_every_module_of_core_and_ui():
    from ui.warmup import _modules, warm

    took = warm()
    assert set(took) == {"imports", "first calls", "optimizers"} and all(v >= 0 for v in took.values())
    names = _modules("core") + _modules("ui")
    assert "ui.spiral_view" in names and "core.train.classifier" in names and "ui.i18n.spiral" in names
    missing = [n for n in names if n not in sys.modules]
    assert not missing, missing
    # lesson files are scripts Streamlit executes, not modules: what they import is what warm() imports
    for lesson in (ROOT / "lessons").glob("*.py"):
        for line in lesson.read_text().splitlines():
            if line.startswith(("from core", "from ui", "import core", "import ui")):
                module = line.split()[1]
                assert module in sys.modules, (lesson.name, module)


def test_warm_up_pays_the_first_optimizers_one_off_import():
    """The first torch optimizer a process makes imports torch._dynamo (over a second): a fresh process that
    has warmed up has it, so the first visitor of a live lesson does not wait for it. In a fresh process,
    since this one's other tests made optimizers of their own."""
    import subprocess

    code = ("import sys; from ui.warmup import warm; cold = 'torch._dynamo' in sys.modules; warm(); "
            "print(cold, 'torch._dynamo' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.stdout.split()[-2:] == ["False", "True"], out.stderr[-2000:]
