# Two commands on a fresh machine:  `make build`  (English + Vietnamese editions)  and  `make test`.
# Both create .venv on first use. torch is pinned to the CPU wheel before argostranslate pulls it
# (unpinned, pip would fetch GBs of CUDA libraries).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED_MODELS ?= ../shared/models

.PHONY: build test lint qa models bench interface clean

$(BIN)/localise: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

# Install the real argostranslate packages a newsroom keeps beside the project, when there are any.
models: $(BIN)/localise
	@if ls $(SHARED_MODELS)/*.argosmodel >/dev/null 2>&1; then \
	  for m in $(SHARED_MODELS)/*.argosmodel; do $(BIN)/localise models install "$$m"; done; \
	else echo "no .argosmodel files in $(SHARED_MODELS): building from the committed catalogs only"; fi

build: $(BIN)/localise models
	$(BIN)/localise build

lint: $(BIN)/localise
	$(BIN)/ruff check localise tests bench tools
	$(BIN)/ruff format --check localise tests bench tools
	$(BIN)/mypy localise

test: $(BIN)/localise models lint
	$(BIN)/localise check
	$(BIN)/python -m pytest

# Translate Toolkit's pofilter on every catalog, with the tests that fit French news (README: Quality checks).
qa: $(BIN)/localise
	$(BIN)/python tools/pofilter_qa.py

# Refresh the template of the pages' own words and merge it into each interface catalog.
interface: $(BIN)/localise
	$(BIN)/pybabel -q extract -F babel.cfg --no-location --project=localise --version=interface -o localise/interface/localise.pot .
	for po in localise/interface/*.po; do $(BIN)/pybabel -q update --no-fuzzy-matching -i localise/interface/localise.pot -o $$po -l $$(basename $$po .po); done

bench: $(BIN)/localise
	$(BIN)/python bench/run_all.py

clean:
	rm -rf build .localise
