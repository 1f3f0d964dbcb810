import pytest
from django.core.management import call_command

from collaboration.models import User

pytestmark = pytest.mark.django_db


def test_demo_data_loads_once_and_a_second_run_keeps_it(capsys):
    call_command("load_demo_data")
    users = User.objects.count()
    call_command("load_demo_data")
    out = capsys.readouterr().out
    assert User.objects.count() == users
    assert "samordnare@example.org" in out and "malmoandan-demo" in out
    assert "finns redan" in out
