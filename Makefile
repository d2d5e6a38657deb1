# Two commands: `make lab` opens the course, `make test` runs every check.
# Both create the virtual environment .venv on first use and reinstall when pyproject.toml changes.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Tests and benchmarks read the canonical MNIST files from here when present.
ADVCNN_TEST_MNIST ?= $(abspath ../shared/mnist)
export ADVCNN_TEST_MNIST
# make bench and make notebooks: $ADVCNN_DATA if set, else that folder if it exists, else
# load_mnist's own default (the user cache, downloading there when needed).
DATA := $(or $(ADVCNN_DATA),$(wildcard $(ADVCNN_TEST_MNIST)))

.PHONY: lab test lint format bench notebooks clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[lab,dev]"
	touch $(STAMP)

# JupyterLab refuses to run as root unless told; containers often run as root.
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--ServerApp.allow_root=True)

lint: $(STAMP)
	$(BIN)/ruff check advcnn tests benchmarks notebooks
	$(BIN)/ruff format --check advcnn tests benchmarks notebooks

# Unit tests, notebooks re-executed by nbval in quick mode, and the browser tests.
test: lint
	OMP_NUM_THREADS=1 ADVCNN_QUICK=1 $(BIN)/python -m pytest tests notebooks \
		--nbval-lax --nbval-current-env --nbval-cell-timeout=900

format: $(STAMP)
	$(BIN)/ruff check --fix advcnn tests benchmarks notebooks
	$(BIN)/ruff format advcnn tests benchmarks notebooks

bench: $(STAMP)
	ADVCNN_DATA=$(DATA) $(BIN)/python benchmarks/train_speed.py

# Re-run every notebook in full mode and store its outputs in place (what a reader sees first).
notebooks: $(STAMP)
	ADVCNN_DATA=$(DATA) $(BIN)/jupyter nbconvert --to notebook \
		--execute --inplace --ExecutePreprocessor.timeout=-1 notebooks/*.ipynb

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
