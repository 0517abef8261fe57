"""A second checkout beside the first: `bin/services.py` gives it its own database when
asked (LODESTAR_DB_NAME) and remembers that choice, so the copy never falls back onto the
first copy's database on its next run."""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]


def run_services(checkout: Path, **env) -> str:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "LODESTAR_DB_NAME"}
    }
    done = subprocess.run(
        [sys.executable, str(checkout / "bin" / "services.py")],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return (checkout / ".run" / "services.env").read_text()


def test_a_second_checkout_keeps_its_own_database(tmp_path):
    checkout = tmp_path / "lodestar-review"
    (checkout / "bin").mkdir(parents=True)
    shutil.copy(ROOT / "bin" / "services.py", checkout / "bin" / "services.py")
    name = f"lodestar_copy_{uuid.uuid4().hex[:8]}"
    try:
        first = run_services(checkout, LODESTAR_DB_NAME=name)
        assert f"DATABASE_URL=postgres://postgres@127.0.0.1:5432/{name}\n" in first

        again = run_services(checkout)
        assert f"/{name}\n" in again, "the next run, without the variable, keeps the copy's database"
    finally:
        with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
