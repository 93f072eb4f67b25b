# `make run` serves the app; `make test` runs lint and the whole test suite.
# Both create the virtual environment and install what they need first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run dev test lint format check bench soak clean

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

soak: $(VENV)/.app
	$(BIN)/python tests/soak.py --kills 100

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis artifacts
