"""core is pure torch + pandas: no UI library, no global seeding."""
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_import_core_pulls_in_no_ui_library():
    code = (
        "import importlib, pkgutil, sys, core\n"
        "for m in pkgutil.walk_packages(core.__path__, 'core.'): importlib.import_module(m.name)\n"
        "bad = sorted(k for k in sys.modules if k.split('.')[0] in ('streamlit', 'altair'))\n"
        "assert not bad, bad\n"
        "print(len([m for m in pkgutil.walk_packages(core.__path__)]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) >= 2  # the walk really saw the submodules


GLOBAL_SEED = re.compile(r"torch\.(cuda\.)?manual_seed(_all)?\(|np\.random\.seed\(|(?<![\w.])random\.seed\(|torch\.seed\(")


def test_no_global_seeding_in_app_code():
    files = [ROOT / "app.py", *ROOT.glob("core/**/*.py"), *ROOT.glob("ui/**/*.py"), *ROOT.glob("lessons/**/*.py")]
    hits = [f"{f.relative_to(ROOT)}:{i}" for f in files for i, line in enumerate(f.read_text().splitlines(), 1)
            if GLOBAL_SEED.search(line) and not line.lstrip().startswith("#")]
    assert not hits, hits


def test_global_seed_pattern_catches_what_it_should():
    assert GLOBAL_SEED.search("torch.manual_seed(0)")
    assert GLOBAL_SEED.search("np.random.seed(1)")
    assert not GLOBAL_SEED.search("g.manual_seed(0)")
