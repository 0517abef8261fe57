"""Which copy of Lodestar this is, as a name for its keys in a shared Redis.

Two copies on one machine (a second checkout, a branch, the benchmark database) usually
share one Redis server. Without a namespace each one's Celery worker would take the other's
tasks (and run them against the wrong database with the wrong code), and their caches would
answer each other. So every copy prefixes its Redis keys (cache, broker queues, task
results) with its database name and a short fingerprint of its checkout folder.
"""

import hashlib
import re
from pathlib import Path


def instance_prefix(*, database_name: str, checkout: Path) -> str:
    """`lodestar-<database>-<8 hex digits of the checkout's absolute path>`: readable in
    `redis-cli --scan`, different for a different database or a different checkout, and the
    same for every process (web, worker, beat) of one copy."""
    fingerprint = hashlib.sha256(str(Path(checkout).resolve()).encode()).hexdigest()[:8]
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", database_name or "lodestar")
    return f"lodestar-{name}-{fingerprint}"
