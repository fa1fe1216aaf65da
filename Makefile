# The two commands of the README, self-bootstrapping on a fresh machine:
#   make demo   creates .venv, installs Warta, ingests the bundled samples and prints them
#   make test   installs the test extras and runs lint, types and the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: demo test lint bench clean

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

test: lint
	$(BIN)/python -m pytest

bench: $(VENV)/.installed
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/analyze.py
	$(BIN)/python bench/tokens.py
	$(BIN)/python bench/ner.py
	$(BIN)/python bench/cluster.py
	$(BIN)/python bench/story_products.py

clean:
	rm -rf $(VENV) warta-demo.db* .pytest_cache .mypy_cache .ruff_cache
