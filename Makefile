# The two commands of the README, self-bootstrapping on a fresh machine:
#   make demo   creates .venv, installs Warta, ingests the bundled samples and prints them
#   make test   installs the test extras (and Debian's chromium and postgresql, for the browser
#               and PostgreSQL tests) and runs lint, types and the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet
# The browser tests drive Debian's chromium (never a downloaded browser); installed when missing.
CHROMIUM ?= /usr/bin/chromium
# The PostgreSQL tests start a real server of their own with initdb and pg_ctl from Debian's
# postgresql (tests/postgres_server.py), which keeps them off PATH; installed when missing.
PG_INITDB := $(firstword $(wildcard /usr/lib/postgresql/*/bin/initdb) $(shell command -v initdb))
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test lint bench clean postgresql

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Warta needs Python 3.11 or newer" or 0)'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

# Stamp files keep `make` from reinstalling when pyproject.toml has not changed.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test]'
	touch $(VENV)/.installed $@

demo: $(VENV)/.installed
	$(BIN)/warta demo

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench training
	$(BIN)/ruff format --check src tests bench training
	$(BIN)/mypy

$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "the browser tests need Debian's chromium at $(CHROMIUM)"; exit 1; }
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

postgresql:
ifeq ($(PG_INITDB),)
	@command -v apt-get >/dev/null || { echo "the PostgreSQL tests need Debian's postgresql (initdb, pg_ctl)"; exit 1; }
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql
endif

test: lint | $(CHROMIUM) postgresql
	WARTA_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -n auto --maxprocesses 4 --durations=25

# The test extras hold what the benchmarks compare against (psycopg for bench/stores.py).
bench: $(VENV)/.installed-test | postgresql
	$(BIN)/python bench/cpu.py
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/analyze.py
	$(BIN)/python bench/tokens.py
	$(BIN)/python bench/ner.py
	$(BIN)/python bench/analysis_groups.py
	$(BIN)/python bench/cluster.py
	$(BIN)/python bench/story_products.py
	$(BIN)/python bench/api.py
	$(BIN)/python bench/linear_time.py
	$(BIN)/python bench/stores.py
	$(BIN)/python bench/search_rank.py
	$(BIN)/python bench/search_clients.py

clean:
	rm -rf $(VENV) warta-demo.db* .pytest_cache .mypy_cache .ruff_cache
