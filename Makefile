# Two commands on a fresh machine:  `make build`  (English + Vietnamese editions)  and  `make test`.
# Both create .venv on first use. torch is pinned to the CPU wheel before argostranslate pulls it
# (unpinned, pip would fetch GBs of CUDA libraries).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED_MODELS ?= ../shared/models

LT_VENV := .localise/lt-venv

.PHONY: build test lint qa models bench interface clean lt-venv

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

# LibreTranslate in a venv of its own: libretranslate==1.9.6 pins argos-translate-lt, which
# replaces the argostranslate module localise uses, and downgrades polib, beautifulsoup4 and
# numpy. Made once and kept (delete .localise/lt-venv to rebuild); the server tests use it.
$(LT_VENV)/bin/libretranslate:
	$(PY) -m venv $(LT_VENV)
	$(LT_VENV)/bin/pip install -q --upgrade pip
	$(LT_VENV)/bin/pip install -q libretranslate==1.9.6
	@touch $@

lt-venv: $(LT_VENV)/bin/libretranslate

build: $(BIN)/localise models
	$(BIN)/localise build

lint: $(BIN)/localise
	$(BIN)/ruff check localise tests bench tools
	$(BIN)/ruff format --check localise tests bench tools
	$(BIN)/mypy localise

# axe-core, puppeteer-core and Lighthouse for the browser audits, pinned in tests/browser/package-lock.json.
tests/browser/node_modules/.package-lock.json: tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error

test: $(BIN)/localise models lint lt-venv tests/browser/node_modules/.package-lock.json
	$(BIN)/localise check
	$(BIN)/python -m pytest

# Translate Toolkit's pofilter on every catalog, with the tests that fit French news (README: Quality checks).
qa: $(BIN)/localise
	$(BIN)/python tools/pofilter_qa.py

# Refresh the template of the pages' own words and merge it into each interface catalog.
interface: $(BIN)/localise
	$(BIN)/pybabel -q extract -F babel.cfg --no-location --project=localise --version=interface -o localise/publish/interface/localise.pot .
	for po in localise/publish/interface/*.po; do $(BIN)/pybabel -q update --no-fuzzy-matching -i localise/publish/interface/localise.pot -o $$po -l $$(basename $$po .po); done

bench: $(BIN)/localise lt-venv
	$(BIN)/python bench/run_all.py

clean:  # keeps the LibreTranslate venv (592 MB); `rm -rf .localise` removes it too
	rm -rf build .localise/memory.sqlite .localise/models .localise/bench
