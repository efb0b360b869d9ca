# Two commands on a fresh machine: `make run` (a demo hall on SQLite) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
DB ?= all

.PHONY: run test test-sqlite test-postgresql lint migrate chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) seed demo --if-empty
	$(FLASK) users demo-admin
	@echo "Serving the hall on http://127.0.0.1:5000 (Ctrl-C stops it)"
	@# With HALLWEB_MAIL_QUEUE_URL (environment or .env) an RQ worker sends the mail; it stops with the server.
	$(FLASK) mail worker --if-configured & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/gunicorn -c gunicorn.conf.py --bind 127.0.0.1:5000 --workers 2 --access-logfile - wsgi:app

migrate: $(VENV)/.installed
	$(FLASK) db upgrade

# Browser tests drive Debian's Chromium; install it when missing and we may (root with apt).
chromium:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	  && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	  || echo "chromium is not installed: browser tests will be skipped (they fail in CI)"; }

test: $(VENV)/.installed chromium
ifeq ($(DB),all)
	$(BIN)/pytest
	$(BIN)/pytest --db $(PG_TEST_URL)
else ifeq ($(DB),sqlite)
	$(BIN)/pytest
else
	$(BIN)/pytest --db $(PG_TEST_URL)
endif

lint: $(VENV)/.installed
	$(BIN)/ruff check hallweb tests migrations bench wsgi.py
	$(BIN)/ruff format --check hallweb tests migrations bench wsgi.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info

# Speed: seeds 100,000 members into scratch databases, serves the app with gunicorn and drives its
# pages with wrk (bench/README.md). `make bench DB=sqlite|postgresql` runs one database;
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--duration 5".
.PHONY: bench
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py --db $(DB) --pg-url $(PG_TEST_URL) $(BENCH_ARGS)

# Instructions per request of the same pages, counted by valgrind's callgrind in one process: steadier than
# requests/s on a shared machine, for comparing changes (bench/README.md).
.PHONY: bench-instructions
bench-instructions: $(VENV)/.installed
	$(BIN)/python bench/instructions.py $(BENCH_ARGS)
