import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {
    "SECRET_KEY": "x" * 50,
    "DATABASE_URL": "postgres://u:p@db:5432/lodestar",
    "REDIS_URL": "redis://cache:6379/0",
    "ALLOWED_HOSTS": ".lodestar.example",
}


def load_production_settings(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in REQUIRED}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings.production")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_production_refuses_to_start_without_each_required_variable(missing, tmp_path):
    env = {k: v for k, v in REQUIRED.items() if k != missing}
    result = load_production_settings(env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_starts_with_them_and_is_locked_down():
    result = load_production_settings(REQUIRED)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
