# Developer and CI entry points. `make help` lists the targets.
#
#   make run    install, migrate, load reference + demo data, serve on 127.0.0.1:8000
#   make test   lint, type check, migration check, then the whole pytest suite
#   make lock   re-compile requirements.lock from pyproject.toml
#
# Variables that can be overridden: `make install VENV=/tmp/venv`, `make run ADDR=0.0.0.0:8000`,
# `make lock LOCK_ARGS=--upgrade`, `make test PYTEST_ARGS="-x -k names"`,
# `make test PYTEST_WORKERS=` (the suite in one process).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
# Steps must run in the order written (apt before messages, lint before tests).
.NOTPARALLEL:

PYTHON3 ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements.lock.stamp

ADDR ?= 127.0.0.1:8000
RUN_SETTINGS ?= vss.settings.dev
TEST_SETTINGS ?= vss.settings.test
PYTEST_ARGS ?=
# The suite on one process per core (pytest-xdist), each test file on one process: a
# file's tests share its fixtures and, for the deployment tests, its queues.
PYTEST_WORKERS ?= -n auto --dist loadfile
LOCK_ARGS ?=

# Debian packages: gettext gives msgfmt (compilemessages); Pango (with HarfBuzz's subsetter)
# is what WeasyPrint draws the PDF files with; chromium and fonts-khmeros are for the
# Playwright browser tests, poppler-utils (pdftotext, pdftoppm) for reading the PDFs back.
# age encrypts the backups to the operator's public key; postgresql-client gives pg_dump
# and pg_restore, with which a backup holds a PostgreSQL database (manage.py backup).
DEBS_RUN := gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 age postgresql-client
DEBS_TEST := $(DEBS_RUN) chromium fonts-khmeros poppler-utils

.PHONY: help venv install system-deps system-deps-run messages build run test lint typecheck \
	migrations-check pytest lock

help:
	@echo "make install      create $(VENV) if missing and install requirements.lock"
	@echo "make system-deps  apt-get install (only if missing): $(DEBS_TEST)"
	@echo "make messages     compile the .po files under vss/ into .mo files"
	@echo "make build        install + messages + collectstatic, for a production server"
	@echo "make run          install + migrate + reference/demo data, serve on $(ADDR)"
	@echo "make test         ruff, ruff format --check, mypy, makemigrations --check, pytest"
	@echo "make lint | typecheck | migrations-check | pytest   one step of 'make test'"
	@echo "make lock         re-compile requirements.lock with pip-compile"

# --- Python environment -------------------------------------------------------------

$(PY):
	$(PYTHON3) -m venv $(VENV)

# Re-installs only when requirements.lock is newer than the stamp.
$(STAMP): requirements.lock | $(PY)
	$(PY) -m pip install -r requirements.lock
	touch $@

venv install: $(STAMP)

# Git does not keep the empty var/ (SQLite databases, uploaded files).
var:
	mkdir -p $@

# --- Debian packages ----------------------------------------------------------------

# $(call ensure_debs,packages): install those of the packages that are missing; a no-op
# (no apt-get update) when all are present.
define ensure_debs
	@missing=""; \
	for pkg in $(1); do \
	  case "$$pkg" in \
	    gettext) have() { command -v msgfmt >/dev/null; } ;; \
	    chromium) have() { test -x /usr/bin/chromium; } ;; \
	    *) have() { dpkg-query -W -f='$${db:Status-Abbrev}' "$$1" 2>/dev/null | grep -q '^ii'; } ;; \
	  esac; \
	  have "$$pkg" || missing="$$missing $$pkg"; \
	done; \
	if [ -z "$$missing" ]; then echo "system packages present: $(strip $(1))"; exit 0; fi; \
	echo "system packages missing:$$missing"; \
	if ! command -v apt-get >/dev/null; then \
	  echo "ERROR: no apt-get here; install these packages (or their equivalents) by hand:$$missing" >&2; \
	  exit 1; \
	fi; \
	if [ "$$(id -u)" -eq 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null; then sudo="sudo"; \
	else \
	  echo "ERROR: not root and sudo is unavailable; as root run:" >&2; \
	  echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends$$missing" >&2; \
	  exit 1; \
	fi; \
	$$sudo apt-get update; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
	  -o DPkg::Lock::Timeout=300 $$missing
endef

system-deps:
	$(call ensure_debs,$(DEBS_TEST))

system-deps-run:
	$(call ensure_debs,$(DEBS_RUN))

# --- Translations -------------------------------------------------------------------

# .mo files are build output (ignored by git). compilemessages walks the current
# directory for locale/ folders, so it runs inside vss/ to keep out of the virtualenv;
# it skips .mo files that are newer than their .po.
messages: install system-deps-run
	@if find vss -path '*/locale/*' -name '*.po' | grep -q .; then \
	  cd vss && DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(abspath $(PY)) ../manage.py compilemessages; \
	else \
	  echo "messages: no .po files under vss/, nothing to compile"; \
	fi

# --- Build --------------------------------------------------------------------------

# What a production server serves besides the code: the compiled translations and the
# static files, collected under hashed names with their compressed copies into
# VSS_STATIC_ROOT (var/static by default), which WhiteNoise serves. The base settings
# suffice: collecting needs no secret and no database. The last release's files are kept:
# the servers still running it link them until they are reloaded.
build: export DJANGO_SETTINGS_MODULE := vss.settings.base
build: install system-deps-run messages
	$(PY) manage.py collectstatic --noinput

# --- Run ----------------------------------------------------------------------------

run: export DJANGO_SETTINGS_MODULE := $(RUN_SETTINGS)
# The links in messages (a newsletter's stop link, an invitation's) point to the address
# served, unless VSS_BASE_URL says otherwise.
run: export VSS_BASE_URL ?= http://$(ADDR)
run: install system-deps-run messages | var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference_data
	$(PY) manage.py generate_demo_data --if-empty
	@# A database made weeks ago is served again: the demo case still takes applications.
	$(PY) manage.py open_demo_case
	@echo
	@echo "Demo logins (one per role):"
	$(PY) manage.py demo_logins --second-factor
	@echo
	@# Tasks, sends and draws a worker stopped part-way are queued again before a worker
	@# starts (no message already handed over is sent again).
	$(PY) manage.py resume_jobs
	$(PY) manage.py resume_sends
	$(PY) manage.py resume_draws
	$(PY) manage.py expire_public_data
	$(PY) manage.py expire_kept_uploads
	@# The background worker (matching runs, sends) lives as long as the server does, and so
	@# do the hourly check that moves the demo case's notice when the day turns and the
	@# checks that queue again a task or a send whose worker has gone silent.
	$(PY) manage.py db_worker --reload > var/worker.log 2>&1 & worker=$$!; \
	$(PY) manage.py open_demo_case --keep-open > var/demo_case.log 2>&1 & keeper=$$!; \
	$(PY) manage.py resume_sends --keep-checking > var/resume_sends.log 2>&1 & sends=$$!; \
	$(PY) manage.py resume_jobs --keep-checking > var/resume_jobs.log 2>&1 & jobs=$$!; \
	trap 'kill $$worker $$keeper $$sends $$jobs 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(ADDR)

# --- Checks -------------------------------------------------------------------------

# Fastest first, so a lint error fails in seconds rather than after the suite.
test: install system-deps messages | var
	$(MAKE) --no-print-directory lint typecheck migrations-check pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) scripts/check_views.py
	$(VENV)/bin/lint-imports

typecheck: install
	$(VENV)/bin/mypy vss

migrations-check: export DJANGO_SETTINGS_MODULE := $(TEST_SETTINGS)
migrations-check: install | var
	$(PY) manage.py makemigrations --check --dry-run

# The suite runs on SQLite when DATABASE_URL is unset, on that database otherwise.
# pytest exits 5 when it collected no tests, which fails the target like any non-zero.
pytest: export DJANGO_SETTINGS_MODULE := $(TEST_SETTINGS)
pytest: install | var
	$(VENV)/bin/pytest $(PYTEST_WORKERS) $(PYTEST_ARGS)

# --- Dependencies -------------------------------------------------------------------

# Keeps the existing pins; `make lock LOCK_ARGS=--upgrade` moves everything to the newest.
lock: install
	$(VENV)/bin/pip-compile --extra=dev --strip-extras --output-file=requirements.lock \
		$(LOCK_ARGS) pyproject.toml
