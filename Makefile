# The two commands of the README: `make run` and `make test`. Everything else here serves them.
.DEFAULT_GOAL := run
SHELL := /bin/bash

# uv comes from PyPI: the one on PATH if there is one, otherwise a copy installed into .tools/ once.
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never
PYTHON := .venv/bin/python

.PHONY: run test env lint format bench screenshots typecheck

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet "uv>=0.6"

env: $(if $(findstring .tools,$(UV)),.tools/bin/uv) node_modules/.package-lock.json
	$(UV) sync --frozen --quiet

# The browser tests' axe-core (package.json, pinned in package-lock.json), installed again when the lock
# changes. Without npm (Debian: apt-get install npm) the browser tests are skipped with that reason.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the browser tests need axe-core from npm (apt-get install npm)"; fi

run: env
	$(PYTHON) manage.py check
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py load_demo_data
	@echo "Malmöandan: http://127.0.0.1:8000  (Ctrl-C stops it)"
	$(PYTHON) manage.py runserver 127.0.0.1:8000

test: env
	.venv/bin/pytest $(PYTEST_ARGS)

# The benchmark (docs/benchmarks.md): PostgreSQL and wrk needed; BENCH_ARGS="--seconds 3" for a quick trial.
bench: env
	$(PYTHON) bench/run.py $(BENCH_ARGS)

lint: env
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports

# mypy with django-stubs on the files pyproject's [tool.mypy] names (CI runs it after ruff).
typecheck: env
	.venv/bin/mypy

format: env
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# docs/screenshots/: the main pages at 1280 and 320 px, drawn by Debian's Chromium from a throwaway demo database.
screenshots: env
	set -e; dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT; \
	export DATABASE_URL="sqlite:///$$dir/screenshots.sqlite3"; \
	$(PYTHON) manage.py migrate --noinput -v0; \
	$(PYTHON) manage.py load_demo_data > /dev/null; \
	$(PYTHON) manage.py screenshots $(SCREENSHOT_ARGS)
