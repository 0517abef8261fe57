# Lodestar: `make run` serves the demo, `make test` runs every check. Both set up first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

# Steps depend on the ones before them (set-up, then migrate, then seed): never in parallel.
.NOTPARALLEL:

.PHONY: run test fuzz bench setup install services browser pgbouncer migrate seed lint check-migrations pytest lock clean

run: setup migrate seed
	@bin/run

# The checks run beside pytest (they take a few seconds of one core, pytest minutes of both);
# their output is held back and shown after pytest's. `make test` fails if either failed.
test: setup browser pgbouncer
	@mkdir -p .run; \
	( set -ex; $(LINT); $(CHECK_MIGRATIONS) ) > .run/checks.log 2>&1 & checks=$$!; \
	$(PYTEST); tests=$$?; \
	wait $$checks; checked=$$?; \
	echo "==> ruff, import contracts, mypy, migrations (run beside pytest):"; cat .run/checks.log; \
	if [ $$checked -ne 0 ]; then echo "==> make test: the last check above failed."; fi; \
	if [ $$tests -ne 0 ]; then echo "==> make test: pytest failed."; fi; \
	[ $$checked -eq 0 ] && [ $$tests -eq 0 ]

setup: install services

install: $(VENV)/.installed

$(VENV)/.installed: requirements/dev.txt requirements/base.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Lodestar needs Python 3.11 or newer (found $$($(PYTHON) --version))."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements/dev.txt
	@touch $@

services: install
	@$(PY) bin/services.py

browser: install
	@bin/ensure-browser

# Debian's PgBouncer, for the transaction-pooling test (docs/operations.md).
pgbouncer:
	@bin/ensure-pgbouncer

# A line per schema (public, each district, the district template) as it is migrated.
migrate:
	@$(PY) bin/migrate.py

# A line per demo district as it is created or topped up.
seed:
	@echo "==> Seeding the demo districts (the first time takes about a minute)"
	@$(MANAGE) seed_demo

LINT := $(VENV)/bin/ruff check .; $(VENV)/bin/ruff format --check .; $(VENV)/bin/lint-imports; $(VENV)/bin/mypy
CHECK_MIGRATIONS := DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

lint: install
	@set -ex; $(LINT)

check-migrations:
	$(CHECK_MIGRATIONS)

# Bytecode is cached under .run/pycache even where PYTHONDONTWRITEBYTECODE is set (it keeps
# __pycache__ folders out of the checkout; so does the prefix): without it every worker
# compiles every module it imports, ~10 s of a core each run.
PYTEST := PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/.run/pycache $(VENV)/bin/pytest -n auto --dist loadfile

pytest: browser
	$(PYTEST)

# Before a release: the API fuzzing of `make test` (tests/security/test_fuzz.py) with a larger
# budget, FUZZ_EXAMPLES generated requests per operation and role (make test runs 2).
FUZZ_EXAMPLES ?= 200
fuzz: setup
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(VENV)/bin/pytest -n auto --dist load tests/security/test_fuzz.py

# A large district (about 150 schools, 6,000 people) in its own database, then the timings.
bench: setup
	@bin/bench

clean:
	rm -rf $(VENV) .run .pytest_cache .ruff_cache .mypy_cache .import_linter_cache .grimp_cache staticfiles

lock:
	bin/lock
