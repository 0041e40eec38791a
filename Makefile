# make run   set up .venv, install infoprep, build the sample trip into output/
# make test  install the test extras and run the whole suite (lint, types, tests)
# make bench benchmarks (tests/bench): infoprep against WeasyPrint alone and MkDocs, in one run, then
#            what tagging costs per packet, the propose benchmark, and the edit-to-page loop of `serve` in
#            Debian's Chromium (tests/bench/serve_loop.py); SIZES=20,100,500 SITE_SIZES=500
#            choose the trips (all three: ~30 minutes on 2 cores; SIZES=20,100 SITE_SIZES=100: ~8)
#            and what building the sample trip in each of the nine languages costs over English (~3 min)
# make bench-propose  only the `infoprep propose` benchmark (40 requests over 5 days; ~20 s)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test lint bench bench-propose clean catalogs

run: $(VENV)/.installed
	$(BIN)/infoprep build content -o output
	@echo "Open output/index.html in a browser; PDFs are in output/ and output/meetings/."

$(VENV)/.installed: pyproject.toml
	@scripts/system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[propose]'
	@touch $@

$(VENV)/.test-installed: $(VENV)/.installed pyproject.toml
	@scripts/system-deps.sh --test
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

lint: $(VENV)/.test-installed
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/mypy
	$(BIN)/lint-imports

# One pytest worker per core (pytest-xdist): most tests wait on one PDF engine process at a time.
test: $(VENV)/.test-installed lint
	$(BIN)/python -m pytest -q -n auto --maxprocesses 4 --dist worksteal

SIZES      ?= 20,100,500
SITE_SIZES ?= 500

bench: $(VENV)/.test-installed
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python -m tests.bench.run --sizes $(SIZES) --site-sizes $(SITE_SIZES)
	$(BIN)/python -m tests.bench.tagging content
	$(BIN)/python -m tests.bench.propose
	$(BIN)/python -m tests.bench.languages
	$(BIN)/python -m tests.bench.serve_loop --sizes sample,100

bench-propose: $(VENV)/.installed
	$(BIN)/python -m tests.bench.propose

# The phrase catalogs (docs/languages.md): extract every phrase of the code, the default theme and the question
# bank into generator/locale/infoprep.pot, then bring each language's .po up to date with it.
catalogs: $(VENV)/.installed
	$(BIN)/pybabel -q extract -F babel.cfg --no-location --sort-output --omit-header -k phrase -k phrases:1,2 \
	  -o generator/locale/infoprep.pot .
	$(BIN)/pybabel -q update -i generator/locale/infoprep.pot -d generator/locale -D infoprep --no-fuzzy-matching \
	  --ignore-obsolete --no-wrap

clean:
	rm -rf output .pytest_cache .mypy_cache .ruff_cache
