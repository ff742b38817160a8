# Two commands do everything on a fresh machine: `make serve` (set up, build, present with live
# preview) and `make test` (set up, run the whole test suite). Each step runs only when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup build serve test pdf figures bench clean

setup: $(VENV)/.installed node_modules/.package-lock.json
	$(BIN)/python -m deckhand.browser --ensure

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.package-lock.json: package-lock.json package.json
	npm ci --no-audit --no-fund

build: setup
	$(BIN)/python build.py

# The live server starts even when a deck has problems: its overlay shows them, and each save
# that fixes one shows at once. build/ is updated first when the decks build.
serve: setup
	@$(BIN)/python build.py || echo "build/ was left as it was; serving anyway: the open page lists the problems"
	$(BIN)/python serve.py $(SERVE_ARGS)

test: setup
	$(BIN)/python -m pytest

pdf: setup
	$(BIN)/python build.py --pdf --notes

bench: setup
	$(BIN)/python benchmarks/run.py

figures: setup
	$(BIN)/python -m pip install --quiet -e '.[figures]'
	$(BIN)/python -m pytest -q -p no:cacheprovider figures/test_drawing.py
	$(BIN)/python figures/make_figures.py

clean:
	rm -rf build .pytest_cache
