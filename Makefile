# Two commands on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The scale-out stack the same suite also runs on when it is reachable (PostgreSQL + Redis).
SCALEOUT_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/aouad
SCALEOUT_CACHE_URL ?= redis://127.0.0.1:6379/15
CHROMIUM_PATH ?= $(shell command -v chromium 2>/dev/null || (test -x /usr/bin/chromium && echo /usr/bin/chromium))
export CHROMIUM_PATH

.PHONY: setup css run dev test test-sqlite test-scaleout check lint format bench loadtest screenshots audit clean

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "aouad_site needs Python 3.11 or newer; set PYTHON=python3.11 (or newer)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed css
	$(PY) manage.py migrate --noinput -v0

# The reader's one stylesheet, static/css/reader.css: the parts of Bootstrap the site uses, compiled
# from Bootstrap's Sass sources, then the site's own CSS (assets/scss/reader.scss). Built, not
# committed; bin/build-css says why, and does nothing when it is up to date.
css: node_modules/.installed
	bin/build-css

# As in production: DEBUG off, gunicorn (gunicorn.conf.py), hashed static files through WhiteNoise.
# bin/serve migrates, collects static files, loads the demo and serves, all with that environment.
run: $(VENV)/.installed node_modules/.installed css
	HOST=$(HOST) PORT=$(PORT) PYTHON=$(PY) bin/serve

# For changing the code: Django's development server, DEBUG on, reloading on every save.
dev: export SITE_URL ?= http://$(HOST):$(PORT)
dev: setup
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_demo_editor
	@echo "Serving on http://$(HOST):$(PORT)/ with DEBUG on and autoreload (Ctrl+C to stop)"
	@# static/css/reader.css is rebuilt whenever reader.scss or a stylesheet it includes is saved.
	bin/build-css --watch & watcher=$$!; trap 'kill $$watcher' EXIT; $(PY) manage.py runserver $(HOST):$(PORT)

check: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

test: check test-sqlite
	@if $(PY) -c "import psycopg, redis; psycopg.connect('$(SCALEOUT_DATABASE_URL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=3).close(); redis.Redis.from_url('$(SCALEOUT_CACHE_URL)', socket_connect_timeout=3).ping()" 2>/dev/null; then \
		$(MAKE) --no-print-directory test-scaleout; \
	elif [ -n "$$CI" ]; then echo "CI needs PostgreSQL and Redis for the scale-out run, and they are not reachable."; exit 1; \
	else echo "NOTE: PostgreSQL or Redis not reachable: the scale-out run (PostgreSQL + Redis) was SKIPPED."; fi

# The whole suite on the embedded default: SQLite and the local-memory cache.
test-sqlite: setup
	@if [ -z "$(CHROMIUM_PATH)" ]; then \
		echo "NOTE: no Chromium found (CHROMIUM_PATH, /usr/bin/chromium): the browser tests will be SKIPPED."; \
	else echo "Browser tests use $(CHROMIUM_PATH)"; fi
	env -u DATABASE_URL -u CACHE_URL $(VENV)/bin/pytest

# The same suite on PostgreSQL + Redis (browser tests once is enough: they ran on SQLite).
test-scaleout: setup
	@echo "Scale-out run: $(SCALEOUT_DATABASE_URL) and $(SCALEOUT_CACHE_URL)"
	DATABASE_URL=$(SCALEOUT_DATABASE_URL) CACHE_URL=$(SCALEOUT_CACHE_URL) $(VENV)/bin/pytest -m "not browser" -p no:cacheprovider

# How fast each page renders in-process, then the cached and uncached table through gunicorn and wrk.
bench: setup
	$(PY) bench/pages.py
	@# PostgreSQL + Redis against SQLite, page by page in alternating turns (bench/parity.py says why).
	@if [ -n "$$DATABASE_URL" ] && [ -n "$$CACHE_URL" ]; then $(PY) bench/parity.py; \
	else echo "bench/parity.py (PostgreSQL + Redis against SQLite, in turns) needs DATABASE_URL and CACHE_URL: skipped."; fi
	$(PY) bench/http_pages.py

# 1,000 comments from 32 clients while 8 read, against gunicorn on a throwaway database; fails on a
# lost or doubled comment, a 5xx or "database is locked". PostgreSQL + Redis:
# make loadtest DATABASE_URL=postgres://postgres@127.0.0.1:5432/aouad_load CACHE_URL=redis://127.0.0.1:6379/8
loadtest: $(VENV)/.installed
	$(if $(DATABASE_URL),DATABASE_URL=$(DATABASE_URL),env -u DATABASE_URL) $(if $(CACHE_URL),CACHE_URL=$(CACHE_URL),) $(PY) bench/loadtest.py

# The README's screenshots: home, an article with comments, a season page and the comment form with an
# error, at 390 and 1280 px, from the site served as `make run` serves it, on throwaway data.
screenshots: $(VENV)/.installed css
	$(PY) bin/screenshots.py

# Lighthouse's four scores (mobile) for home, an article, a show and a season, from the same throwaway
# site. Lighthouse comes from npm (package.json); CHROME_PATH is Debian's Chromium. Fails under 100
# unless told otherwise: `make audit AUDIT_MIN=performance=90 AUDIT_RUNS=3` (bin/audit.py) is what a CI
# job on a shared machine could run, as performance varies with load. Not part of `make test`.
audit: $(VENV)/.installed node_modules/.installed css
	CHROME_PATH=$(CHROMIUM_PATH) $(PY) bin/audit.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) node_modules staticfiles static/css/reader.css .pytest_cache .ruff_cache
