# The README's two commands are `make run` and `make test`; both install what is missing first.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_STAMP := .venv/.apt-installed

.PHONY: run test test-fast check bench bench-pages install apt seeds

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "Python 3.11 mangler: sudo apt-get install python3.11 python3.11-venv"; exit 1; }
	$(PY) -m venv $(VENV)

# pip byte-compiles every package it installs: keep it. Where PYTHONDONTWRITEBYTECODE=1 is set (as on our CI-like
# machines) no import writes a .pyc, so without pip's every process would compile plotly and pandas anew.
$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Headless Chromium for browser tests, LibreOffice Calc for the real-spreadsheet round trip (tests only: the app's
# PDFs are typeset by Typst in process), poppler-utils (pdftotext, pdftoppm) for the tests and docs/img page images,
# postgresql for the tests that run on both engines (tests/pg_cluster.py starts a throwaway cluster; the package's
# own cluster is not used), and nginx-light for the several-app-servers end-to-end test.
APT_PACKAGES := chromium libreoffice-calc-nogui poppler-utils postgresql nginx-light
apt:
	@if command -v chromium >/dev/null 2>&1 && command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 \
		&& dpkg-query -W -f='$${Status}' libreoffice-calc-nogui 2>/dev/null | grep -q 'ok installed' \
		&& ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && test -x /usr/sbin/nginx; then :; else \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	fi

# Only this machine can reach it (server.address in .streamlit/config.toml); `make run PORT=8600` picks the port.
# `streamlit run app.py` builds the whole server: the Danish page shell, no page run without the router (app.py).
PORT ?= 8501
run: install
	$(BIN)/streamlit run app.py --server.port=$(PORT)

# --dist loadgroup: the tests sharing a module's server or synthetic koncern run on one worker, so it is built
# once, not once per worker (tests/conftest.py).
test: install apt
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n auto --dist loadgroup

# What a developer runs on every change: no browser, no server, no PostgreSQL, no LibreOffice (tests/tiers.py).
# A test that starts one of them without its marker fails here instead of slowing the tier down.
FAST := not browser and not server and not postgres and not libreoffice and not slow
test-fast: install
	$(BIN)/ruff check .
	MAALSTYRING_FAST_TESTS=1 $(BIN)/python -m pytest -q -n auto --dist loadgroup -m "$(FAST)"

check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy  # the files and settings are in pyproject.toml [tool.mypy]

# Figures for docs/BENCHMARKS.md and docs/SECURITY.md (bench.adversarial). The 100x30 database takes a while
# to build the first time (kept in bench/.cache).
bench: install apt
	$(BIN)/python -m bench.import_speed --files 300
	$(BIN)/python -m bench.crash_safety --runs 50
	$(BIN)/python -m bench.page_speed --scales 5x1 30x10 100x30 --repeats 5
	$(BIN)/python -m bench.concurrency --scale 30x10 --browsing 20 --uploading 10 --rounds 1
	$(BIN)/python -m bench.adversarial
	$(BIN)/python -m bench.scaleout --scale 30x10 --users 6 --seconds 45
	$(BIN)/python -m bench.pg_checkout --statements 3000 --rounds 10
	$(BIN)/python -m bench.documents --runs 5

# Issue #25's page-speed run: every page against its baseline at 30x10 and 100x30 in one run, ending with the table
# for docs/BENCHMARKS.md (the scale databases are built into bench/.cache first if missing).
bench-pages: install apt
	$(BIN)/python -m bench.page_speed --scales 30x10 100x30 --repeats 5

seeds: install
	$(BIN)/python -m scripts.build_seed_workbooks
