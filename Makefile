# Formations — the two commands a newcomer needs: `make run` and `make test`.
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUN_DEPS := $(VENV)/.run-deps
TEST_DEPS := $(VENV)/.test-deps
# The development server: debug pages, console e-mails, no HTTPS redirect, and links in
# e-mails to the port it serves on (unless SITE_URL is given).
SITE_URL ?= http://127.0.0.1:$(PORT)
DEV_ENV := DEBUG=1 SITE_URL=$(SITE_URL)

.PHONY: run test lint deps messages bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUN_DEPS): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet .
	touch $@

$(TEST_DEPS): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet ".[test]"
	touch $@ $(RUN_DEPS)

deps: $(RUN_DEPS)

run: $(RUN_DEPS)
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py seed_demo
	@echo "Formations : http://127.0.0.1:$(PORT)/"
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: $(TEST_DEPS)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=check-deploy-only-5f0b2a9c7e1d4b3a8f6e2c1d0b9a8f7e6d5c4b3a2f1e0d9c \
		ALLOWED_HOSTS=formations.example.org $(PY) manage.py check --deploy --fail-level WARNING

# The Debian packages first (bin/system-packages installs them, or says what to run).
test:
	bash bin/system-packages
	$(MAKE) --no-print-directory lint
	$(PY) -m pytest

messages: $(TEST_DEPS)
	$(PY) manage.py makemessages --locale fr --ignore ".venv/*" --ignore "artifacts/*"
	$(PY) manage.py compilemessages --locale fr --ignore ".venv/*"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles artifacts

# Not part of `make test`: fills PostgreSQL databases at two scales (20,000 and 200,000
# requests; BENCH_SCALES=20000:2000:90000 for the first only) and measures the pages and the
# office's decisions under load; summary in bench-output/summary.txt (see bench/run.sh).
bench: $(TEST_DEPS)
	bash bench/run.sh
