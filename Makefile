# `make run` serves the app; `make test` runs lint and the whole test suite.
# Both create the virtual environment and install what they need first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run dev test lint format check bench bench-browser load soak clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.app: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.app

run: $(VENV)/.app
	$(BIN)/streamlit run app.py --server.port $(PORT)

dev: $(VENV)/.app
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.runOnSave true \
		--server.fileWatcherType auto --client.showErrorDetails full

test: $(VENV)/.dev lint
	$(BIN)/python -m pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(VENV)/.app
	$(BIN)/python -m engine check

bench: $(VENV)/.dev
	$(BIN)/python bench/threshold_rerun.py --moves 50 --memory
	$(BIN)/python bench/speed_matvec.py --repeats 11
	$(BIN)/python bench/bank_load.py

# In a real headless Chromium (not run in CI): slider latency and cold start; many users at once.
bench-browser: $(VENV)/.dev
	$(BIN)/python bench/browser_latency.py --moves 50
	$(BIN)/python bench/cold_start.py --runs 5

load: $(VENV)/.dev
	$(BIN)/python bench/load_test.py --users 1 5 10 20 --seconds 60

soak: $(VENV)/.app
	$(BIN)/python tests/soak.py --kills 100

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis artifacts
