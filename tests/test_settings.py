import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "malmoandan.example.org",
    "DATABASE_URL": "postgres://malmoandan@db:5432/malmoandan",
    "REDIS_URL": "redis://redis:6379/0",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; production never has it.
    leaking = {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in leaking}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("missing", "message"), [("SECRET_KEY", "SECRET_KEY"), ("ALLOWED_HOSTS", "ALLOWED_HOSTS")]
)
def test_production_refuses_to_start_without(missing, message):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_the_development_secret_key():
    result = run_manage(
        "check", env={**PRODUCTION_ENV, "SECRET_KEY": "django-insecure-local-development-only"}
    )
    assert result.returncode != 0


def test_a_bad_boolean_names_the_variable():
    result = run_manage("check", env={"DEBUG": "maybe"})
    assert "DEBUG must be a boolean" in result.stderr


def test_deploy_checks_pass_with_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
