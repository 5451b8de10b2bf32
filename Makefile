# Digibuddy: `make run` serves the demo, `make test` checks everything.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
AXE    := node_modules/axe-core/axe.min.js
HOST   ?= 127.0.0.1:8000
PIP    := $(PY) -m pip --quiet --disable-pip-version-check --no-input
# What serves the pages for `make run` (a test puts a stub here).
SERVE  ?= $(PY) manage.py runserver

.PHONY: run test test-fast lint bench messages screenshots clean

$(INSTALLED): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --no-warn-script-location --upgrade pip
	$(PIP) install --no-warn-script-location -e '.[test]'
	@touch $(INSTALLED)

$(AXE): package.json
	npm install --no-package-lock --no-audit --no-fund --loglevel=error
	@touch $(AXE)

# The banner (address and logins) comes last: once before the server starts and
# again when it answers, after runserver's own lines. Logs show warnings and the
# requests; each e-mail and SMS is one console line (buddies.messaging.console).
run: export DEBUG ?= true
run: export SITE_URL ?= http://$(HOST)
run: export LOG_LEVEL ?= WARNING
run: $(INSTALLED)
	@$(PY) manage.py migrate --noinput --verbosity 0
	@$(PY) manage.py seed_demo
	@$(PY) -m config.banner http://$(HOST)
	@$(PY) manage.py qcluster & QCLUSTER=$$!; \
	$(PY) -m config.banner --wait http://$(HOST) & BANNER=$$!; \
	trap 'kill $$QCLUSTER $$BANNER 2>/dev/null; wait $$QCLUSTER 2>/dev/null' EXIT INT TERM; \
	$(SERVE) $(HOST)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

test: lint $(AXE)
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

# The inner loop: no browser, no real-process tests, two workers; `make test` is the gate.
test-fast: $(INSTALLED)
	$(VENV)/bin/pytest -q -m "not browser and not slow" -n 2

bench: $(INSTALLED)
	@for script in bench/*.py; do \
	  [ -e "$$script" ] || { echo "no benchmarks yet"; break; }; \
	  echo "# $$script"; DJANGO_SETTINGS_MODULE=tests.settings $(PY) "$$script" || exit 1; \
	done

screenshots: $(INSTALLED) $(AXE)
	rm -rf docs/screenshots/tmp
	$(VENV)/bin/pytest -q tests/e2e/test_journey_*.py
	mkdir -p docs/screenshots && rm -f docs/screenshots/*.png
	mv docs/screenshots/tmp/*.png docs/screenshots/ && rm -rf docs/screenshots/tmp

messages: $(INSTALLED)
	DEBUG=true $(PY) manage.py makemessages -l nl -l fr --no-location \
	  --ignore=.venv --ignore=node_modules --ignore=tests
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) node_modules staticfiles digibuddy.sqlite3*
