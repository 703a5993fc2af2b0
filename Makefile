# Karsaz: two commands do all set-up. `make run` serves the demo, `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1
MANAGE := $(BIN)/python manage.py

.PHONY: run test test-pg mutation lint install install-test messages system-deps browser-deps serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Stamps re-run the install only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: system-deps $(VENV)/.installed
install-test: system-deps browser-deps $(VENV)/.installed-test

system-deps:
	@scripts/ensure-system-deps gettext

browser-deps:
	@scripts/ensure-system-deps chromium

# Compiled catalogues are build output, not source: made from the committed .po files.
messages: $(VENV)/.installed
	cd karsaz && ../$(BIN)/django-admin compilemessages --ignore='.venv' -v 0

run: install messages
	DEBUG=1 $(MANAGE) migrate --noinput
	DEBUG=1 $(MANAGE) seed_demo
	DEBUG=1 PORT=$(PORT) HOST=$(HOST) scripts/serve-dev

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy karsaz
	$(BIN)/lint-imports --no-logo --no-cache

test: install-test messages lint
	DJANGO_SETTINGS_MODULE=karsaz.settings_test $(MANAGE) makemigrations --check --dry-run -v 1
	DJANGO_SETTINGS_MODULE=karsaz.settings_test $(MANAGE) check --fail-level WARNING
	DEBUG=0 SECRET_KEY=check-deploy-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz ALLOWED_HOSTS=karsaz.example \
	  DATABASE_URL=postgres://karsaz@db.example/karsaz $(MANAGE) check --deploy --fail-level WARNING
	$(BIN)/pytest

# The same suite against PostgreSQL (DATABASE_URL must point at a server).
test-pg: install-test messages
	$(BIN)/pytest

# Mutation testing, slow and never part of `make test`: mutmut 3.8.1, one module at a time, each
# against its own test files ([tool.mutmut.modules] in pyproject.toml). `make mutation` runs every
# module; `make mutation MUTATE=karsaz/core/persian.py` (several: space-separated) runs a selection.
# One child by default (MUTATION_CHILDREN=2 on an idle machine). Prints the score per module;
# `cd var/mutation/<module> && ../../../$(BIN)/mutmut results` lists the survivors.
MUTATE ?=
mutation: install-test messages
	$(BIN)/python scripts/mutation.py $(MUTATE)

clean:
	rm -rf $(VENV) var build *.egg-info mutants
