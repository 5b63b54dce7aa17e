# RepFocus — `make run` serves the demo, `make test` runs every check. Only Python 3.11+, git and make needed.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
BIN := $(VENV)/bin
PGBIN ?= /usr/lib/postgresql/15/bin
CHROMIUM ?= /usr/bin/chromium
export UV_COMPILE_BYTECODE := 1
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run install test lint typecheck bench system-deps clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

$(BIN)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

install: $(BIN)/.installed

run: install  ## set up, load the demo on a new database, serve http://127.0.0.1:$${PORT:-8000}
	$(BIN)/repfocus demo --if-new
	$(BIN)/repfocus serve

# The tests need a PostgreSQL server and Chromium; install them through apt when missing.
system-deps:
	@if [ ! -x $(PGBIN)/initdb ] || [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" != 0 ]; then echo "PostgreSQL server or Chromium missing: run 'sudo make system-deps'"; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql chromium >/dev/null; \
	fi

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

test: install system-deps lint typecheck
	$(BIN)/pytest

bench: install  ## every benchmark, JSON on stdout (the analytics one takes several minutes)
	$(BIN)/repfocus bench ingest --rows 1000000 --json
	$(BIN)/repfocus bench analytics --activities 5000000 --reps 500 --json
	$(BIN)/repfocus bench diagnose --orgs 10 --json
	$(BIN)/repfocus bench playbook --json

clean:
	rm -rf $(VENV) .tools .pytest_cache .mypy_cache .ruff_cache
