"""`manage.py screenshots` refuses clearly where it cannot draw the demo (the drawing itself is `make screenshots`)."""

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.django_db
def test_screenshots_refuse_a_database_without_the_demo_data(tmp_path, monkeypatch):
    from pathlib import Path

    from reports.management.commands import screenshots

    monkeypatch.setattr(screenshots, "CHROMIUM", Path(__file__))  # whether or not this machine has Chromium
    with pytest.raises(CommandError, match="Demodatan saknas"):
        call_command("screenshots", "--output", str(tmp_path))
    assert not any(tmp_path.iterdir())  # nothing written


@pytest.mark.django_db
def test_screenshots_refuse_without_chromium(tmp_path, monkeypatch):
    from reports.management.commands import screenshots

    monkeypatch.setattr(screenshots, "CHROMIUM", tmp_path / "no-chromium")
    with pytest.raises(CommandError, match="Chromium saknas"):
        call_command("screenshots", "--output", str(tmp_path / "out"))
