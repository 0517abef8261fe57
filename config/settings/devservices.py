"""Development and test only: take DATABASE_URL and REDIS_URL from .run/services.env,
which `bin/services.py` writes after finding (or starting) PostgreSQL and Redis.
Variables already in the environment win. Production never reads this file."""

from pathlib import Path

import environ

environ.Env.read_env(Path(__file__).resolve().parents[2] / ".run" / "services.env", overwrite=False)
