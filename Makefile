# Every target works on a fresh machine with Python 3.11: it makes .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SAMPLE := seeds/000_9257439dfe81132e.txt

.PHONY: demo test test-fast lint format live-server browser bench clean

# What running briefer needs: the package and its core dependencies, nothing else.
$(BIN)/briefer: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

# What developing needs on top: test and lint tools, the optional extras the tests cover.
DEV := $(VENV)/.dev-installed
$(DEV): $(BIN)/briefer pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev,html,feeds,otel]'
	@touch $@

## Summarize the sample article (offline engine unless OPENAI_API_KEY or OPENAI_BASE_URL is set).
demo: $(BIN)/briefer
	$(BIN)/briefer summarize $(SAMPLE)

## Install everything the tests need (headless Chromium, then the llama.cpp server) and run them all.
## Chromium first: it is quick, and optional (a failed install warns and skips the browser test,
## except under CI).
test: $(DEV) browser live-server
	$(BIN)/python -m pytest

## The tests without the live llama.cpp server.
test-fast: $(DEV)
	$(BIN)/python -m pytest -m "not live"

## Build llama-cpp-python[server] and the SmolLM2 model into .venv-llama (about 5 minutes on 2
## cores, once; it prints progress while it compiles).
live-server: $(DEV)
	$(BIN)/python scripts/llama_server.py install

## Debian's chromium for the HTML brief's browser test: installed when root; when it cannot be,
## a warning and the browser test skips (with CI set, the failure stops the run).
browser:
	bash scripts/ensure_chromium.sh

lint: $(DEV)
	$(BIN)/ruff check briefer tests bench scripts
	$(BIN)/ruff format --check briefer tests bench scripts
	$(BIN)/mypy

format: $(DEV)
	$(BIN)/ruff format briefer tests bench scripts
	$(BIN)/ruff check --fix briefer tests bench scripts

## Benchmarks; results go to docs/benchmarks.md.
bench: $(DEV)
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .venv-llama .pytest_cache .mypy_cache .ruff_cache
