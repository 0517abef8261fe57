"""Migrate every schema (public, the district template, the districts), printing one line
per schema migrated instead of Django's line per migration, and migrate_schemas' own short
lines for the districts (how many were current, progress every tenth of those migrated).

Used by `make migrate` (and so `make run`). The exit status is migrate_schemas' own; when it
fails, its full output is printed so the error can be read.
"""

import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = re.compile(r"^\[(?:\d+/\d+ \(\d+%\) )?\w+:(?P<schema>[^\]]+)\]\s?(?P<text>.*)$")


def main() -> int:
    print("==> Migrating the database: the public schema, the district template, the districts", flush=True)
    command = [sys.executable, "manage.py", "migrate_schemas", "--noinput", "-v", "1"]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    )
    lines, current, applied, started = [], None, 0, time.monotonic()

    def finish():
        if current is not None:
            done = f"{applied} migration{'s' if applied != 1 else ''} applied" if applied else "up to date"
            print(f"   {current}: {done} ({time.monotonic() - started:.1f} s)", flush=True)

    for line in process.stdout:
        lines.append(line)
        match = SCHEMA.match(line.rstrip("\n"))
        if not match:
            if line.startswith("   "):  # migrate_schemas' own summary and progress lines
                finish()
                current = None
                print(line, end="", flush=True)
            continue
        schema = match["schema"]
        if schema != current:
            finish()
            current, applied, started = schema, 0, time.monotonic()
        if match["text"].lstrip().startswith("Applying "):
            applied += 1
    process.wait()
    finish()
    if process.returncode:
        sys.stdout.write("".join(lines))
        print(f"==> Migrating failed (exit status {process.returncode}); the output is above.", flush=True)
    return process.returncode


if __name__ == "__main__":
    sys.exit(main())
