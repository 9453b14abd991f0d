import pathlib
import re
import string

import pytest

from tests.conftest import has_cjk
from ui import i18n
from ui.i18n import CATALOGUE, LANGS, lang_from_locale, t

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_every_key_has_every_language():
    missing = [(k, lang) for k, entry in CATALOGUE.items() for lang in LANGS if not (entry.get(lang) or "").strip()]
    extra = [(k, set(entry) - set(LANGS)) for k, entry in CATALOGUE.items() if set(entry) - set(LANGS)]
    assert not missing and not extra, (missing, extra)


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_placeholders_agree_between_languages():
    bad = [k for k, e in CATALOGUE.items() if _fields(e["en"]) != _fields(e["zh"])]
    assert not bad, bad


def test_chinese_is_really_translated():
    # Formulas and names may be shared; prose may not. A zh entry with letters and no CJK is a copy.
    untranslated = [k for k, e in CATALOGUE.items()
                    if not has_cjk(e["zh"]) and re.search(r"[A-Za-z]{4,}\s+[A-Za-z]{3,}\s+[A-Za-z]{3,}", e["zh"])]
    assert not untranslated, untranslated


LITERAL_KEY = re.compile(r"""\bt\(\s*["']([\w.]+)["']""")


def test_every_literal_key_used_in_code_exists():
    used = {m.group(1) for f in [ROOT / "app.py", ROOT / "explainer.py", *ROOT.glob("lessons/*.py"), *ROOT.glob("ui/**/*.py")]
            for m in LITERAL_KEY.finditer(f.read_text())}
    assert used, "the scan found no t() calls at all"
    assert not sorted(used - CATALOGUE.keys())


def test_missing_key_raises_in_strict_mode_and_shows_key_otherwise(monkeypatch):
    with pytest.raises(KeyError):
        t("no.such.key")
    monkeypatch.delenv("DLVE_I18N_STRICT")
    assert t("no.such.key") == "no.such.key"


def test_lookup_and_format():
    assert t("nav.spiral", lang="zh") == "螺旋分类"
    assert "7" in t("sidebar.threads", lang="en", n=7)
    assert i18n.pick({"en": "a", "zh": "乙"}, lang="zh") == "乙"
    assert i18n.pick({"en": "a", "zh": "乙"}, lang="fr") == "a"


@pytest.mark.parametrize("locale,lang", [("zh-CN", "zh"), ("zh_TW", "zh"), ("zh", "zh"), ("en-US", "en"),
                                          ("fr-FR", "en"), (None, "en"), ("", "en"), ("zhx", "en")])
def test_language_follows_locale(locale, lang):
    assert lang_from_locale(locale) == lang
