"""The overview has no controls: its link carries the language (and presenter mode), nothing else."""

from tests.conftest import link_query
from ui.i18n import t


def test_the_link_carries_only_the_shell_keys(app):
    at = app("home", "zh", depth="20", junk="<script>alert(1)</script>")
    assert not at.exception and not at.toast
    assert at.title[0].value == t("app.title", lang="zh")
    assert link_query(at) == {"lang": "zh"}
    assert dict(at.query_params) in ({"lang": "zh"}, {"lang": ["zh"]})
    assert not at.get("download_button")


def test_presenter_mode_stays_in_the_link(app):
    at = app("home", "en", present="1")
    assert not at.exception
    assert link_query(at) == {"lang": "en", "present": "1"}
