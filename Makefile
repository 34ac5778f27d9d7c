# hpgviz: `make app` for the code-free app, `make lab` to explore, `make test` to check, `make book` for a
# static site. Both bootstrap .venv from nothing
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

APP_PORT ?= 8866
BOOK_DIR := build/book
FIGURES_DIR := build/figures

.PHONY: help venv .venv app lab test loadtest book bench kit try-plans figures binder-badge clean distclean

help:
	@echo "make app        the series as a code-free app (Voila): open the address it prints"
	@echo "make lab        start JupyterLab on notebooks/ (creates .venv on first use)"
	@echo "make book       build a static HTML site of the series into $(BOOK_DIR)/_build/html"
	@echo "make test       unit tests and every notebook (nbval), with the browser tests beside them"
	@echo "make loadtest   open 30 app pages at once and close them: memory and leftover kernels"
	@echo "make bench      time the model (benchmarks/bench_model.py)"
	@echo "make kit        write the instructor kit (worksheets, answer keys, concept questions, class plans) into docs/kit"
	@echo "make try-plans  run the notebooks the class plans use and time each section (then make kit)"
	@echo "make figures    each explorer's starting scenario as print-resolution PNG and SVG, into $(FIGURES_DIR)"
	@echo "make binder-badge  write pyproject.toml's binder-owner into the README's Binder badge"
	@echo "make clean      remove caches and test artefacts; make distclean also removes .venv"

# (Re)install whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON3) -m venv $(VENV) || { \
	  echo "error: '$(PYTHON3) -m venv' failed; on Debian/Ubuntu: apt-get install python3-venv" >&2; \
	  exit 1; }
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -e ".[test,book]"
	@touch $@

venv .venv: $(STAMP)

# Silence JupyterLab's "get notified about Jupyter news?" toast and its update check.
$(LAB_OVERRIDES): $(STAMP)
	@mkdir -p $(dir $@)
	@echo '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' > $@

lab: $(STAMP) $(LAB_OVERRIDES)
	$(VENV)/bin/jupyter lab $(ALLOW_ROOT) notebooks/

# The app: Voila on app/ (the landing page, with the tiers under app/notebooks -> ../notebooks), code hidden.
# Its server settings (progressive rendering, kernel shutdown, culling, the cap on pages) are in
# app/config/voila.py, which the tests use too. Progressive rendering: text and each explorer's picture show
# while the model starts (measured here: first text ~3 s, first live slider ~7 s, against ~15 s at once).
app: $(STAMP)
	@echo ""
	@echo "  hpgviz app: open  http://127.0.0.1:$(APP_PORT)/voila/render/index.ipynb   (Ctrl+C stops it)"
	@echo ""
	$(VENV)/bin/voila app --port=$(APP_PORT) --Voila.config_file_paths=$(CURDIR)/app/config

# A static site of the series (Jupyter Book 1, Sphinx: builds offline). scripts in book/ copy the
# notebooks, run them (figures come from each explorer's static picture) and build; no kernel needed to read.
# MathJax for the book, from book/package-lock.json (the book reads offline).
MATHJAX := book/node_modules/mathjax/es5/tex-chtml-full.js
$(MATHJAX): book/package.json book/package-lock.json
	@command -v npm >/dev/null || { echo "error: npm is missing (apt-get install npm)" >&2; exit 1; }
	npm ci --prefix book --no-audit --no-fund
	@touch $@

book: $(STAMP) $(MATHJAX)
	$(PY) book/build.py $(BOOK_DIR)
	@echo "book: open $(BOOK_DIR)/_build/html/index.html"

# axe-core (accessibility checks the browser tests run in each page), from tests/package-lock.json.
AXE := tests/node_modules/axe-core/axe.min.js
$(AXE): tests/package.json tests/package-lock.json
	@command -v npm >/dev/null || { echo "error: npm is missing (apt-get install npm)" >&2; exit 1; }
	npm ci --prefix tests --no-audit --no-fund
	@touch $@

# Two pytest runs side by side: the browser tests in one process (they share one app server, one browser and
# the pages it loaded; much of their time is spent waiting on kernels and the browser), its output kept in
# tests/artifacts/browser-tests.log and shown when it ends; beside it every test that needs no browser, plus nbval
# on the notebooks (.ipynb only), on TEST_WORKERS processes (pytest-xdist; --dist loadfile: a file's tests stay in
# one process, so a module's fixtures are built once). Both always run; make fails if either failed. The book
# both read is built once (conftest.book_site, under a lock). validate()'s runs are kept in
# ~/.cache/hpgviz/validation under a key of the model (a changed model reruns them); for a run from a cold
# cache: HPGVIZ_CACHE_DIR=off make test. PYTEST_ARGS adds options to both runs (e.g. --durations=12).
TEST_WORKERS ?= 1
BROWSER_LOG := tests/artifacts/browser-tests.log
PYTEST := MPLBACKEND=Agg $(PY) -m pytest -c pyproject.toml --rootdir=. -p no:cacheprovider $(PYTEST_ARGS)
test: $(STAMP) $(AXE) $(MATHJAX)
	@mkdir -p $(dir $(BROWSER_LOG))
	$(PYTEST) -m browser --durations=10 tests > $(BROWSER_LOG) 2>&1 & browser_run=$$!; \
	$(PYTEST) -m "not browser" --durations=10 -n $(TEST_WORKERS) --dist loadfile tests $(NOTEBOOKS) --nbval-lax \
	  --nbval-current-env; unit=$$?; \
	echo "--- waiting for the browser tests (started beside the others: $(BROWSER_LOG))"; \
	wait $$browser_run; browser=$$?; cat $(BROWSER_LOG); \
	exit $$(( unit || browser ))

# A class at once: LOAD_PAGES pages of the app opened in parallel in one browser, then closed; checks that
# every page comes alive, the server's memory stays under ~12 GB and no kernel is left (`make test` runs 4).
LOAD_PAGES ?= 30
loadtest: $(STAMP)
	HPGVIZ_LOAD_PAGES=$(LOAD_PAGES) $(PY) -m pytest -c pyproject.toml --rootdir=. -p no:cacheprovider -s \
	  tests/browser/test_app_server.py -k class_of

bench: $(STAMP)
	$(PY) benchmarks/bench_model.py

kit: $(STAMP)
	$(PY) -c "from pathlib import Path; from hpgviz.content import kit; kit.write(Path('docs/kit'))"

# Run every notebook the class plans use, timing each section (hpgviz/content/plan_trial.json); then `make kit`.
try-plans: $(STAMP)
	MPLBACKEND=Agg PYTHONPATH=$(CURDIR) $(PY) tools/try_plans.py

figures: $(STAMP)
	MPLBACKEND=Agg $(PY) tools/figures.py $(FIGURES_DIR)

binder-badge:
	$(PYTHON3) tools/binder_badge.py

clean:
	rm -rf tests/artifacts .pytest_cache .hypothesis build dist *.egg-info
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) \
	  -type d -print0 | xargs -0 rm -rf

distclean: clean
	rm -rf $(VENV)
