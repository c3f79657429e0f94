# The course's commands. `make book` builds the site, `make test` runs every
# check. Both create .venv/ from requirements.lock the first time.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
NBVAL := --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-current-env

.PHONY: book test lint unit nbval site-test bench lab lock clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

book: $(STAMP)
	$(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going
	@echo "The course is built: open $(CURDIR)/_build/html/index.html"

test: $(STAMP) lint unit nbval

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: $(STAMP)
	$(BIN)/python -m pytest tests cnnlib

nbval: $(STAMP)
	$(BIN)/python -m pytest $(NBVAL) chapters -p no:randomly

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

clean:
	rm -rf _build
