# The course's commands. `make book` builds the site, `make test` runs every
# check. Both create .venv/ from requirements.lock the first time.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
# `make NO_INSTALL=1 target` uses .venv as it is (no install step).
ifdef NO_INSTALL
STAMP :=
endif
NBVAL := --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-current-env

.PHONY: book slides test lint unit nbval site-test bench lab lock vendor clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

# The website from the stored notebook outputs (nothing is re-executed),
# warnings as errors, then the instructor slides into _build/html/slides/.
# JupyterLite goes to _build/html/lite/, rebuilt clean each time, with the
# Pyodide bundle that scripts/fetch_pyodide.py verified into .cache/pyodide/
# (fetched once; later builds need no network).
book: $(STAMP)
	$(BIN)/python scripts/fetch_pyodide.py
	$(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going
	@$(MAKE) --no-print-directory slides
	@echo "The course is built: open $(CURDIR)/_build/html/index.html"

# One reveal.js deck per chapter, from the notebooks' slideshow metadata.
slides: $(STAMP)
	$(BIN)/python scripts/make_slides.py

test: $(STAMP) lint unit nbval site-test

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: $(STAMP)
	$(BIN)/python -m pytest tests cnnlib -m "not browser"

nbval: $(STAMP)
	$(BIN)/python -m pytest $(NBVAL) chapters -p no:randomly

# Every page and deck of the built site in Debian's chromium (Playwright).
# Skips where chromium is missing, unless CI is set.
site-test: book
	$(BIN)/python -m pytest tests/test_site.py tests/test_site_lite.py -m browser -p no:randomly

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

lab: $(STAMP)
	$(BIN)/jupyter lab chapters

# Re-resolve the lock from the top-level requirements (needs the network).
lock:
	rm -rf /tmp/cnn-lock-venv && $(PYTHON) -m venv /tmp/cnn-lock-venv
	/tmp/cnn-lock-venv/bin/pip install --quiet -r requirements.in
	( head -2 requirements.lock; /tmp/cnn-lock-venv/bin/pip freeze --exclude-editable ) > requirements.lock.new
	mv requirements.lock.new requirements.lock

# Refresh assets/vendor/ (MathJax, reveal.js, require.js) from the versions
# pinned in package-lock.json. Needs npm and the network; `make book` does not.
vendor:
	npm ci --no-audit --no-fund
	$(PYTHON) scripts/vendor_assets.py

clean:
	rm -rf _build
