"""The English catalogue is complete, and choosing English turns the public pages English."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

EN_PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
EN_MO = EN_PO.with_suffix(".mo")


def _entries(path: Path) -> list[str]:
    """The catalogue's entries as text blocks (a blank line ends an entry), the header left out."""
    blocks = [block for block in path.read_text(encoding="utf-8").split("\n\n") if "msgid" in block]
    return [block for block in blocks if not re.search(r'^msgid ""\nmsgstr ""', block, flags=re.MULTILINE)]


def _msgstrs(block: str) -> list[str]:
    """Each msgstr (or msgstr[n]) of an entry with its continuation lines joined."""
    values, current = [], None
    for line in block.splitlines():
        if line.startswith("msgstr"):
            current = [line.split(" ", 1)[1][1:-1]]
            values.append(current)
        elif line.startswith('"') and current is not None:
            current.append(line[1:-1])
        elif not line.startswith('"'):
            current = None
    return ["".join(parts) for parts in values]


def test_english_catalogue_has_no_untranslated_or_fuzzy_entries():
    entries = _entries(EN_PO)
    assert len(entries) > 1000
    fuzzy = [block for block in entries if re.search(r"^#,.*\bfuzzy\b", block, flags=re.MULTILINE)]
    untranslated = [block for block in entries if any(value == "" for value in _msgstrs(block))]
    assert fuzzy == []
    assert untranslated == []


def test_english_catalogue_passes_msgfmt_check():
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(EN_PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr


def test_compiled_english_catalogue_is_up_to_date():
    assert EN_MO.exists()
    assert EN_MO.stat().st_mtime >= EN_PO.stat().st_mtime - 1


@pytest.mark.parametrize(
    ("url_name", "swedish_heading"),
    [
        ("home", "Malmöandan – samverkan mellan Malmö stad och den idéburna sektorn"),
        ("events:event-list", "Kommande evenemang"),
        ("organisation-directory", "Organisationer i Malmöandan"),
        ("steering:group", "Styrgruppen"),
    ],
)
def test_public_page_speaks_english_when_chosen(client, db, url_name, swedish_heading):
    with translation.override("en"):
        english_heading = translation.gettext(swedish_heading)
    assert english_heading != swedish_heading
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse(url_name))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert re.search(r"<h1[^>]*>\s*" + re.escape(english_heading) + r"\s*</h1>", html)
    assert swedish_heading not in html


def test_same_page_stays_swedish_without_the_cookie(client, db):
    html = client.get(reverse("events:event-list")).content.decode()
    assert '<html lang="sv">' in html
    assert "Kommande evenemang" in html
    assert "Upcoming events" not in html
