# MM Hub developer commands. `make demo` and `make test` work on a fresh machine.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test lint install install-test chromium migrate clean bench-evidence bench-recs eval-recs bench-digests bench-search mt-smoke messages serve bench-pages soak

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Browser tests drive Debian's Chromium; Playwright never downloads a browser here.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver; }

migrate: install
	$(PY) manage.py migrate --noinput

# Links in the demo's emails (printed in this terminal) point at the port it serves on.
demo: export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)
demo: migrate
	$(PY) manage.py load_demo_content
	$(PY) manage.py create_demo_editor
	$(PY) manage.py create_demo_accounts
	$(PY) manage.py load_demo_reading
	$(PY) manage.py load_demo_polls
	$(PY) manage.py refresh_recommendations
	@echo "Serving MM Hub on http://127.0.0.1:$(PORT), with a task worker beside it (Ctrl-C stops both)"
	$(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production-like, on this machine: gunicorn + WhiteNoise, PostgreSQL and Redis on loopback, RQ
# workers and the digest scheduler (deploy/serve.sh; every setting from the environment).
serve: install
	PY=$(PY) PORT=$(PORT) bash deploy/serve.sh

# Interface catalogues (mmhub/locale): extract new strings for the translators, then compile.
# tests/translation/test_catalogues.py fails while a string is untranslated or a .mo is stale.
LANGS := es fr de it
messages: install
	$(PY) manage.py makemessages $(addprefix -l ,$(LANGS)) --add-location=file \
		--ignore='.venv/*' --ignore='tests/*' --ignore='benchmarks/*' --ignore='docs/*'
	$(PY) manage.py compilemessages --ignore='.venv/*'

test: install-test chromium
	$(PY) -m pytest $(PYTEST_ARGS)

# ruff's rules include its security ones (S, from bandit's); bandit itself then fails on any
# high-severity finding in the code that runs on a server (docs/security.md).
lint: install-test
	$(PY) -m ruff check mmhub tests benchmarks
	$(PY) -m ruff format --check mmhub tests benchmarks
	$(PY) -m bandit --quiet --recursive mmhub benchmarks gunicorn.conf.py manage.py \
		--exclude '*/migrations/*' --severity-level high

# Performance goals live here, not in timed unit tests.
bench-evidence: install
	$(PY) benchmarks/bench_evidence.py

bench-recs: install
	$(PY) benchmarks/bench_recs.py

# Machine translation against a real server: make mt-smoke MT_URL=http://127.0.0.1:5000 [MT_LANGUAGE=fr]
mt-smoke: export MT_URL ?= http://127.0.0.1:5000
mt-smoke: migrate
	$(PY) manage.py load_demo_content
	$(PY) manage.py mt_smoke --language $(or $(MT_LANGUAGE),es)

bench-digests: install
	$(PY) benchmarks/bench_digests.py

bench-search: install
	$(PY) benchmarks/bench_search.py

# Page speed on the production-like stack (PostgreSQL, Redis, gunicorn with 2 workers), driven by
# wrk from Debian's packages; the first run generates the load data (minutes) and later runs reuse it.
bench-pages: install
	@command -v wrk >/dev/null 2>&1 || { echo "Installing Debian's wrk"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk; }
	$(PY) benchmarks/bench_pages.py $(BENCH_ARGS)

# Mixed traffic on the production-like stack: errors, p99, memory growth (benchmarks/soak.py).
# aiosmtpd (a test dependency) receives the mail the traffic sends.
DURATION ?= 600
soak: install-test
	@command -v wrk >/dev/null 2>&1 || { echo "Installing Debian's wrk"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk; }
	$(PY) benchmarks/soak.py --duration $(DURATION) $(SOAK_ARGS)

eval-recs: install
	$(PY) benchmarks/eval_recs.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts .pytest_cache
