# The two commands of the README: `make run` and `make test`. Everything else here serves them.
.DEFAULT_GOAL := run
SHELL := /bin/bash

# uv comes from PyPI: the one on PATH if there is one, otherwise a copy installed into .tools/ once.
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never
PYTHON := .venv/bin/python

.PHONY: run test env lint format bench typecheck

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet "uv>=0.6"

env: $(if $(findstring .tools,$(UV)),.tools/bin/uv)
	$(UV) sync --frozen --quiet

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
