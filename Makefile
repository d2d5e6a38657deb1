# Two commands: `make lab` opens the course, `make test` runs every check.
# Both create the virtual environment .venv on first use and reinstall when pyproject.toml changes.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WIDGETS7 := $(VENV)/ipywidgets7

# Tests and benchmarks read the canonical MNIST files from here when present.
ADVCNN_TEST_MNIST ?= $(abspath ../shared/mnist)
export ADVCNN_TEST_MNIST
# make bench and make notebooks: $ADVCNN_DATA if set, else that folder if it exists, else
# load_mnist's own default (the user cache, downloading there when needed).
DATA := $(or $(ADVCNN_DATA),$(wildcard $(ADVCNN_TEST_MNIST)))

# Every notebook: the lessons, their solutions and the Chinese edition of both.
NOTEBOOK_FILES = $(wildcard notebooks/*.ipynb notebooks/solutions/*.ipynb notebooks/zh/*.ipynb \
	notebooks/zh/solutions/*.ipynb)

.PHONY: lab test test-colab lint format bench notebooks sync-setup clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[lab,dev]"
	touch $(STAMP)

# JupyterLab refuses to run as root unless told; containers often run as root.
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--ServerApp.allow_root=True)

lint: $(STAMP)
	$(BIN)/ruff check advcnn tests benchmarks notebooks tools
	$(BIN)/ruff format --check advcnn tests benchmarks notebooks tools

# Unit tests, notebooks re-executed by nbval in quick mode, and the browser tests; then the
# widget tests again under ipywidgets 7.7.1, the version Google Colab ships.
test: lint $(WIDGETS7)/.installed
	OMP_NUM_THREADS=1 ADVCNN_QUICK=1 $(BIN)/python -m pytest tests notebooks \
		--nbval-lax --nbval-current-env --nbval-cell-timeout=900
	PYTHONPATH=$(WIDGETS7) $(BIN)/python -c \
		"import ipywidgets; assert ipywidgets.__version__ == '7.7.1', ipywidgets.__version__"
	PYTHONPATH=$(WIDGETS7) OMP_NUM_THREADS=1 $(BIN)/python -m pytest -q \
		-W "ignore:The \`ipykernel.comm.Comm\` class has been deprecated:DeprecationWarning" \
		tests/test_widgets_base.py tests/test_widgets_bottleneck.py \
		tests/test_widgets_inception.py tests/test_widgets_depth.py \
		tests/test_widgets_densenet.py tests/test_i18n_widgets.py

# Google Colab's environment: every notebook (subfolders too) re-executed by nbval in quick mode
# with ipywidgets 7.7.1 first on the path, which the kernels inherit. Kept out of `make test`,
# whose notebook pass it would double; .ci/run calls it after `make test`.
test-colab: $(WIDGETS7)/.installed
	PYTHONPATH=$(WIDGETS7) $(BIN)/python -c \
		"import ipywidgets; assert ipywidgets.__version__ == '7.7.1', ipywidgets.__version__"
	PYTHONPATH=$(WIDGETS7) OMP_NUM_THREADS=1 ADVCNN_QUICK=1 $(BIN)/python -m pytest notebooks \
		--nbval-lax --nbval-current-env --nbval-cell-timeout=900

# ipywidgets 7.7.1 beside the venv's ipywidgets 8, put first on the path for the runs above.
$(WIDGETS7)/.installed: $(STAMP)
	$(BIN)/python -m pip install --quiet --no-deps --target $(WIDGETS7) \
		"ipywidgets==7.7.1" "ipython_genutils==0.2.0"
	touch $@

format: $(STAMP)
	$(BIN)/ruff check --fix advcnn tests benchmarks notebooks tools
	$(BIN)/ruff format advcnn tests benchmarks notebooks tools

bench: $(STAMP)
	ADVCNN_DATA=$(DATA) $(BIN)/python benchmarks/train_speed.py

# Re-run every notebook in full mode and store its outputs in place (what a reader sees first).
notebooks: $(STAMP)
	ADVCNN_DATA=$(DATA) $(BIN)/jupyter nbconvert --to notebook \
		--execute --inplace --ExecutePreprocessor.timeout=-1 \
		--ExecutePreprocessor.record_timing=False $(NOTEBOOK_FILES)
	$(BIN)/jupyter nbconvert --to notebook --inplace --coalesce-streams $(NOTEBOOK_FILES)

# Rewrite every notebook's setup cell and Colab/Kaggle badges from pyproject.toml's repository
# and version (after a version bump); tests/test_setup_cells.py fails until this has run.
sync-setup: $(STAMP)
	$(BIN)/python tools/sync_notebooks.py --fix

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
