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


# Any call that seeds or sets a process-wide generator, however it is spelled: torch.manual_seed,
# torch.random.manual_seed, torch.cuda.manual_seed_all, torch.seed, torch.set_rng_state, np.random.seed,
# numpy.random.set_state, random.seed, a bare manual_seed imported from torch, Lightning's seed_everything.
GLOBAL_SEED = re.compile(
    r"\btorch(\.\w+)*\.(manual_seed|manual_seed_all|seed|seed_all|set_rng_state)\("
    r"|\b(np|numpy)\.random\.(seed|set_state)\("
    r"|(?<![\w.])(random\.seed|random\.setstate|manual_seed|manual_seed_all)\("
    r"|\bseed_everything\("
)


def test_no_global_seeding_in_app_code():
    files = [ROOT / "app.py", ROOT / "explainer.py", *ROOT.glob("core/**/*.py"), *ROOT.glob("ui/**/*.py"), *ROOT.glob("lessons/**/*.py")]
    hits = [f"{f.relative_to(ROOT)}:{i}" for f in files for i, line in enumerate(f.read_text().splitlines(), 1)
            if GLOBAL_SEED.search(line) and not line.lstrip().startswith("#")]
    assert not hits, hits


def test_global_seed_pattern_catches_what_it_should():
    for line in ("torch.manual_seed(0)", "torch.random.manual_seed(0)", "torch.cuda.manual_seed_all(1)",
                 "torch.cuda.manual_seed(1)", "torch.mps.manual_seed(2)", "torch.seed()", "torch.random.seed()",
                 "torch.cuda.seed_all()", "torch.set_rng_state(s)", "np.random.seed(1)", "numpy.random.seed(1)",
                 "np.random.set_state(s)", "random.seed(3)", "x = 1; random.seed(3)", "manual_seed(4)",
                 "pl.seed_everything(5)", "seed_everything(5)"):
        assert GLOBAL_SEED.search(line), line
    for line in ("g.manual_seed(0)", "torch.Generator().manual_seed(0)", "torch.Generator(device=d).manual_seed(0)",
                 "gen.seed()", "np.random.default_rng(0)", "rng.random.seed", "seed = 3", "make_spiral(seed=1)"):
        assert not GLOBAL_SEED.search(line), line
