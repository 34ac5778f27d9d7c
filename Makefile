# hpgviz: `make lab` to explore, `make test` to check. Both bootstrap .venv from nothing
# (only python3 with its venv module and network access to PyPI are needed).

PYTHON3 ?= python3
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
# Folder whose notebooks `make test` runs (nbval) and the browser tests open.
# (`make test NOTEBOOKS=/tmp/nbdev` or HPGVIZ_NOTEBOOK_DIR=/tmp/nbdev make test)
NOTEBOOKS := $(or $(HPGVIZ_NOTEBOOK_DIR),notebooks)
export HPGVIZ_NOTEBOOK_DIR := $(abspath $(NOTEBOOKS))
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
# jupyter refuses to run as root without this flag (containers, CI)
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: help venv .venv lab test bench clean distclean

help:
	@echo "make lab        start JupyterLab on notebooks/ (creates .venv on first use)"
	@echo "make test       unit + browser tests, then run every notebook with nbval"
	@echo "make bench      time the model (benchmarks/bench_model.py)"
	@echo "make clean      remove caches and test artefacts; make distclean also removes .venv"

# (Re)install whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON3) -m venv $(VENV) || { \
	  echo "error: '$(PYTHON3) -m venv' failed; on Debian/Ubuntu: apt-get install python3-venv" >&2; \
	  exit 1; }
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -e ".[test]"
	@touch $@

venv .venv: $(STAMP)

# Silence JupyterLab's "get notified about Jupyter news?" toast and its update check.
$(LAB_OVERRIDES): $(STAMP)
	@mkdir -p $(dir $@)
	@echo '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' > $@

lab: $(STAMP) $(LAB_OVERRIDES)
	$(VENV)/bin/jupyter lab $(ALLOW_ROOT) notebooks/

# One pytest run: tests/*.py as usual, plus nbval on the notebooks (.ipynb only).
test: $(STAMP)
	MPLBACKEND=Agg $(PY) -m pytest -c pyproject.toml --rootdir=. -p no:cacheprovider \
	  tests $(NOTEBOOKS) --nbval-lax --nbval-current-env

bench: $(STAMP)
	$(PY) benchmarks/bench_model.py

clean:
	rm -rf tests/artifacts .pytest_cache .hypothesis build dist *.egg-info
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) \
	  -type d -print0 | xargs -0 rm -rf

distclean: clean
	rm -rf $(VENV)
