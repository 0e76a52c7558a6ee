# Tanzim — two commands: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
PRESET ?= kitaba
# The suite runs on every core (pytest-xdist; each worker has its own test database). PYTEST_ARGS= runs it in one.
PYTEST_ARGS ?= -n auto --dist worksteal
# The real reports the corpus tests read; .ci/run sets it, a checkout beside ../shared finds it by itself.
export TANZIM_CORPUS ?= $(if $(wildcard ../shared/corpus/seeds),$(abspath ../shared/corpus),)

.PHONY: demo test install lint messages clean serve bench browser loadtest

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $(STAMP)

install: $(STAMP) messages browser

# Chromium (Debian packages chromium and chromium-driver) for the browser tests, driven by Playwright with
# executable_path=/usr/bin/chromium (never Playwright's own browser download), and poppler-utils (pdftoppm) for the
# tests that draw the meetings' PDFs as images. Installed when missing and the installer may run (root); without
# them the tests that need them say so.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || \
	    { apt-get update -q >/dev/null && apt-get install -y -q chromium chromium-driver >/dev/null; }; \
	  else echo "Chromium is missing: apt-get install chromium chromium-driver (as root) for the browser tests"; fi; }
	@command -v pdftoppm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get install -y -q poppler-utils >/dev/null 2>&1 || \
	    { apt-get update -q >/dev/null && apt-get install -y -q poppler-utils >/dev/null; }; \
	  else echo "pdftoppm is missing: apt-get install poppler-utils (as root) for the PDF tests"; fi; }

# Compile the Arabic and French catalogues (gettext's msgfmt, from Debian's gettext package).
messages: $(STAMP)
	cd src/tanzim && ../../$(BIN)/django-admin compilemessages --ignore=.venv -v0

demo: install
	TANZIM_DEBUG=1 $(BIN)/tanzim migrate --no-input -v0
	TANZIM_DEBUG=1 $(BIN)/tanzim load-territory
	TANZIM_DEBUG=1 $(BIN)/tanzim load-demo --preset $(PRESET)
	TANZIM_DEBUG=1 $(BIN)/tanzim load-demo-members -v0
	TANZIM_DEBUG=1 $(BIN)/tanzim load-demo-dues -v0
	TANZIM_DEBUG=1 $(BIN)/tanzim load-demo-work
	TANZIM_DEBUG=1 $(BIN)/tanzim elections_demo
	@echo "------------------------------------------------------------------"
	@TANZIM_DEBUG=1 $(BIN)/tanzim demo-admin
	@TANZIM_DEBUG=1 $(BIN)/tanzim demo-accounts
	@echo "Tanzim is served on http://$(HOST):$(PORT)/  (Ctrl-C stops it and its worker)"
	@echo "------------------------------------------------------------------"
	@TANZIM_DEBUG=1 $(BIN)/tanzim worker & WORKER=$$!; trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	  TANZIM_DEBUG=1 $(BIN)/tanzim runserver $(HOST):$(PORT)

test: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	env -u DATABASE_URL TANZIM_DEBUG=1 TANZIM_DATA_DIR=$(CURDIR)/var/check $(BIN)/tanzim makemigrations --check --dry-run -v1
	$(BIN)/pytest $(PYTEST_ARGS)

# Import and search at scale on PostgreSQL (a fresh tanzim_bench database, UTF-8 ctype). BENCH_MEMBERS=N to change.
BENCH_MEMBERS ?= 1000000
BENCH_DB ?= postgres://postgres@127.0.0.1:5432/tanzim_bench
bench: install
	psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS tanzim_bench WITH (FORCE)" \
	  -c "CREATE DATABASE tanzim_bench TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
	DATABASE_URL=$(BENCH_DB) TANZIM_SECRET_KEY=bench-only $(BIN)/tanzim bench --members $(BENCH_MEMBERS)

# The production server under load (a fresh tanzim_load database): requests/s, p50/p95/p99, errors and queries of
# each page at 1, 10, 50 and 100 clients, against /ops/ping/ as the ceiling. LOAD_MEMBERS=N, LOAD_SECONDS=S to change.
LOAD_MEMBERS ?= 100000
LOAD_SECONDS ?= 10
LOAD_DB ?= postgres://postgres@127.0.0.1:5432/tanzim_load
loadtest: install
	psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS tanzim_load WITH (FORCE)" \
	  -c "CREATE DATABASE tanzim_load TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
	DATABASE_URL=$(LOAD_DB) TANZIM_SECRET_KEY=load-only $(BIN)/tanzim loadtest --members $(LOAD_MEMBERS) --seconds $(LOAD_SECONDS)

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var .pytest_cache
