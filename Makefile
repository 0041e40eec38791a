# make run   set up .venv, install infoprep, build the sample trip into output/
# make test  install the test extras and run the whole suite (lint, types, tests)
# make bench benchmarks (tests/bench), ratios against a baseline measured in the same run

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test lint bench clean

run: $(VENV)/.installed
	$(BIN)/infoprep build content -o output
	@echo "Open output/index.html in a browser; PDFs are in output/ and output/meetings/."

$(VENV)/.installed: pyproject.toml
	@scripts/system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(VENV)/.test-installed: $(VENV)/.installed pyproject.toml
	@scripts/system-deps.sh --test
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

lint: $(VENV)/.test-installed
	$(BIN)/ruff check generator tests
	$(BIN)/mypy

test: $(VENV)/.test-installed lint
	$(BIN)/python -m pytest -q

bench: $(VENV)/.test-installed
	$(BIN)/python -m pip install -q mkdocs
	$(BIN)/python -m tests.bench.run

clean:
	rm -rf output .pytest_cache .mypy_cache .ruff_cache
