# The course's commands. `make check` is the quick loop on what changed,
# `make book` builds the site, `make test` runs every check. They create
# .venv/ from requirements.lock the first time.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml tools/pyproject.toml | cksum | cut -d' ' -f1)
# `make NO_INSTALL=1 target` uses .venv as it is (no install step).
ifdef NO_INSTALL
STAMP :=
endif
NBVAL := --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-current-env
# Two pytest workers (pytest-xdist); the notebooks one file per worker, so
# that a notebook's cells run in order in one kernel.
WORKERS ?= 2
XDIST := -n $(WORKERS)
FAST := not tf and not slow and not build and not notebooks and not browser

.PHONY: book slides pdf test check fast tf lint unit nbval site-test bench lab lock platforms variations vendor clean i18n-update i18n-check

# cnnlib (the root pyproject.toml) and coursetools (tools/pyproject.toml),
# both editable: the checkout's tooling imports without sys.path edits.
$(STAMP): requirements.lock pyproject.toml tools/pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "$$(grep '^pip==' requirements.lock)"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . -e tools
	@rm -f $(VENV)/.installed-*
	@touch $@

# The website from the stored notebook outputs (nothing is re-executed),
# warnings as errors, then the instructor slides into _build/html/slides/.
# JupyterLite goes to _build/html/lite/, rebuilt clean each time, with the
# Pyodide bundle that coursetools/pyodide.py verified into .cache/pyodide/
# (fetched once; later builds need no network).
# Then the Korean edition (issue 17) into _build/html/ko/: the same notebooks
# with the prose from locales/ko/LC_MESSAGES/ (coursetools/i18n.py), and its
# decks into _build/html/ko/slides/; JupyterLite is shared (../lite/).
book: $(STAMP)
	$(BIN)/python -m coursetools.pyodide
	$(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going
	$(BIN)/python -m coursetools.i18n build
	@$(MAKE) --no-print-directory slides
	@echo "The course is built: open $(CURDIR)/_build/html/index.html (한국어: _build/html/ko/index.html)"

# One reveal.js deck per chapter, from the notebooks' slideshow metadata,
# and its PDF handout beside it (Debian's chromium; skipped without it).
slides: $(STAMP)
	$(BIN)/python -m coursetools.slides
	$(BIN)/python -m coursetools.slides --lang ko

# The whole book as one PDF, _build/html/book.pdf (jupyter-book's pdfhtml
# builder, printed by Debian's chromium; see coursetools/book_pdf.py). A
# one-page build: no JupyterLite, no icon subsetting. Then the Korean book,
# _build/html/ko/book.pdf.
pdf: $(STAMP)
	$(BIN)/python -m coursetools.book_pdf
	$(BIN)/python -m coursetools.book_pdf --lang ko

# The Korean catalogues (coursetools/i18n.py): i18n-update merges the English
# source into locales/ko/LC_MESSAGES/ (new paragraphs empty, changed ones
# fuzzy); i18n-check fails on a fuzzy, empty, missing or obsolete entry.
i18n-update: $(STAMP)
	$(BIN)/python -m coursetools.i18n update

i18n-check: $(STAMP)
	$(BIN)/python -m coursetools.i18n check

# The quick loop (coursetools/check.py): lint; the fast tests on two
# workers, and beside them the catalogue sync check if prose changed; nbval
# of the chapters that changed against main or use a changed cnnlib module.
check: $(STAMP)
	$(BIN)/python -m coursetools.check

# The whole suite, nothing left out (coursetools/suite.py): lint, one gettext
# extraction for i18n-check and the catalogue test, unit, nbval, the book and
# both PDFs, then every browser test on both editions. Independent steps run
# side by side on the machine's cores (CORES=N: another number); each step's
# output goes to _build/test-logs/, and a table of times ends the run.
SUITE := $(BIN)/python -m coursetools.suite $(if $(CORES),--cores $(CORES))
test: $(STAMP)
	$(SUITE)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Every test but the browser ones (TensorFlow, slow and build tests included).
unit: $(STAMP)
	$(BIN)/python -m pytest tests cnnlib coursetools -m "not browser" $(XDIST)

# The fast tests only: a cnnlib function, a coursetools module (seconds).
fast: $(STAMP)
	$(BIN)/python -m pytest tests cnnlib coursetools -m "$(FAST)" $(XDIST)

# The TensorFlow cross-checks only.
tf: $(STAMP)
	$(BIN)/python -m pytest tests cnnlib -m "tf and not browser" $(XDIST)

# CHAPTERS=chapters/03_conv_layers.ipynb for one chapter.
CHAPTERS ?= chapters
nbval: $(STAMP)
	$(BIN)/python -m pytest $(NBVAL) $(CHAPTERS) -p no:randomly $(XDIST) --dist loadfile

# Every page and deck of the built site in a Chromium (Playwright):
# COURSE_CHROMIUM, else Debian's, Playwright's or the system's
# (coursetools/browser.py). Skips where none is found, unless CI is set.
# The browser steps of coursetools/suite.py, on both editions: the decks and
# handouts (decks-*), every page on a phone and a desktop, light and dark,
# search and the Chapter 3 explorer (pages-*), the switcher and Korean search
# across the two (editions), JupyterLite (lite) and the exam's PDF (exam).
SITE_STEPS := decks-en decks-ko pages-en pages-ko editions lite exam
site-test: book pdf
	$(SUITE) $(SITE_STEPS)

# The unit tests and nbval under other thread counts, oneDNN, another
# OpenBLAS kernel and Python 3.13 (scripts/test_variations.sh; slow).
# A chapter filter, CHAPTERS="chapters/06_what_cnns_learn.ipynb ...", runs
# only those chapters' nbval under each variation.
variations:
	bash scripts/test_variations.sh $(VARIATIONS)

# BENCH=--quick: every stage, small (what tests/test_commands.py runs).
bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench $(BENCH)

lab: $(STAMP)
	$(BIN)/jupyter lab chapters

# Re-resolve requirements.in into one universal requirements.lock with uv,
# then check it installs on every supported platform (needs the network).
lock:
	PYTHON=$(PYTHON) bash scripts/lock.sh

# Only the per-platform check of the lock (needs the network and uv).
platforms:
	UV=$${UV:-uv} $(PYTHON) scripts/check_platforms.py

# Refresh assets/vendor/ (MathJax, reveal.js, require.js) from the versions
# pinned in package-lock.json. Needs npm and the network; `make book` does not.
vendor:
	npm ci --no-audit --no-fund
	$(PYTHON) scripts/vendor_assets.py

clean:
	rm -rf _build
