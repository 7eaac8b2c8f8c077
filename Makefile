# Two entry points: `make run` (install + serve) and `make test` (install what tests need + run them).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
# Debian packages (and axe-core) are checked once per venv and again only when the script changes, not on every run.
SYSTEM_STAMP := $(VENV)/.system-deps
RUN_SYSTEM_STAMP := $(VENV)/.system-deps-run

.PHONY: run demo test check lint geo bench screenshots serve clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(STAMP)

$(SYSTEM_STAMP): scripts/ensure_system_deps.sh | $(PY)
	bash scripts/ensure_system_deps.sh
	touch $@ $(RUN_SYSTEM_STAMP)

$(RUN_SYSTEM_STAMP): scripts/ensure_system_deps.sh | $(PY)
	bash scripts/ensure_system_deps.sh --optional
	touch $@

# One way to serve: gunicorn with gunicorn.conf.py (HOST, PORT, WEB_CONCURRENCY; warm before it takes requests),
# for `make run`, `make serve`, `make demo`, the benchmarks and production alike (docs/deployment.md).
GUNICORN := $(VENV)/bin/gunicorn -c gunicorn.conf.py

run: $(STAMP) $(RUN_SYSTEM_STAMP)
	$(GUNICORN) app:server

# The dashboard with the FICTITIOUS actual figures of examples/demo_actuals.xlsx, in a database of its own;
# every page and export says 演示数据 · 非官方统计. `make run` never loads them.
demo: $(STAMP) $(RUN_SYSTEM_STAMP)
	DATABASE_URL=sqlite:///$(CURDIR)/instance/demo.db DEMO=1 $(GUNICORN) app:server

serve: run

test: $(DEV_STAMP) $(SYSTEM_STAMP)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q

# The quick loop while working: lint and every test but the browser ones (what CI runs is `make test`).
# Two pytest workers (pytest-xdist), each test file on one worker: a file's tests share its fixtures and order.
check: $(DEV_STAMP) $(SYSTEM_STAMP)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q -m "not browser" -n 2 --dist loadfile

# ruff, and the house rules as tests (a few seconds): layers and imports, pinned requirements, docs kept true,
# scripts with --help (docs/architecture.md "Rules the code keeps").
HOUSE_RULES := tests/test_architecture.py tests/test_requirements.py tests/test_docs.py tests/test_scripts.py

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q -p no:cacheprovider $(HOUSE_RULES)

geo: $(DEV_STAMP)
	$(PY) scripts/build_geo.py

bench: $(DEV_STAMP)
	$(PY) bench/run_all.py

screenshots: $(DEV_STAMP)
	$(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
