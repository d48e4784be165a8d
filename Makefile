# The two commands of the README's quick start are `make run` and `make test`.
# Everything is installed into the project: .venv (Python), node_modules (GOV.UK Frontend), var/ (data).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Playwright talks to Debian's Chromium; it never downloads a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.DEFAULT_GOAL := help
.PHONY: help install assets run test test-fast lint format lock stop-db clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(VENV)/.installed: requirements/dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed (set PYTHON=...)")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/dist/.built: node_modules/.installed static/build.mjs $(wildcard static/src/*)
	npm run --silent build
	touch $@

install: $(VENV)/.installed assets ## Install Python and front-end dependencies into the project

assets: static/dist/.built ## Build the CSS and JavaScript on GOV.UK Frontend

.env:
	printf '# Written by make run for the quick start; not used in production.\nDEBUG=true\n' > .env

run: install .env ## Quick start: embedded database, demo data, web server and worker on 127.0.0.1:8000
	$(PY) manage.py quickstart

test: install ## Run the whole test suite (browser and worker tests included)
	$(PY) manage.py makemigrations --check --dry-run --settings=dhr.settings_test >/dev/null
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: install ## The suite without the browser tests
	$(PY) -m pytest -n 2 -m "not browser" $(PYTEST_ARGS)

lint: $(VENV)/.installed ## ruff, Django's system checks and the migrations check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check --settings=dhr.settings_test
	$(PY) manage.py makemigrations --check --dry-run --settings=dhr.settings_test

format: $(VENV)/.installed ## Apply ruff's formatting and safe fixes
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

lock: $(VENV)/.installed ## Re-lock requirements/*.txt from pyproject.toml
	$(VENV)/bin/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements/base.txt pyproject.toml
	$(VENV)/bin/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links --extra dev -o requirements/dev.txt pyproject.toml

stop-db: ## Stop the embedded PostgreSQL of the quick start
	$(PY) -c 'import django, os; os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dhr.settings"); from dhr.embedded_db import stop; from pathlib import Path; print("stopped" if stop(Path("var").resolve()) else "not running")'

clean: stop-db ## Remove local state (database, queue, built assets); keeps .venv and node_modules
	rm -rf var static/dist
