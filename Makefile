# Two commands for a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck check venv clean lock

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=python3" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The exact versions of requirements-dev.lock, each checked against its hash; then the project
# itself, which adds no dependency of its own (`pip check` says if the lock misses one).
$(VENV)/.installed: pyproject.toml requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check
	touch $@

venv: $(VENV)/.installed

run: venv
	$(BIN)/python -m bot serve --host $(HOST) --port $(PORT)

test: venv browser redis nginx
	$(BIN)/python -m bot kb validate
	$(BIN)/python -m bot kb check
	$(BIN)/python -m bot kb export --hsds build/open-data/hsds --csv build/open-data/csv
	$(BIN)/python -m pytest

lint: venv
	$(BIN)/ruff check bot tests
	$(BIN)/ruff format --check bot tests

typecheck: venv
	$(BIN)/mypy

check: lint typecheck test

clean:
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache .mypy_cache .ruff_cache

# requirements.lock (what the service runs on; the Dockerfile installs it) and requirements-dev.lock
# (that and the dev extra; `make venv` installs it): every version pinned, with the hashes of every
# file PyPI has for it, for Python 3.11 on Linux. uv (in its own venv) resolves pyproject.toml's
# ranges and keeps the versions already locked; `make lock UPGRADE=1` takes the newest allowed.
LOCK_VENV ?= .venv-lock
UV_VERSION ?= 0.13.9
LOCK_FLAGS = --quiet --generate-hashes --python-version 3.11 --python-platform linux \
	--custom-compile-command 'make lock'
$(LOCK_VENV)/bin/uv:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet uv==$(UV_VERSION)

lock: $(LOCK_VENV)/bin/uv
	$(LOCK_VENV)/bin/uv pip compile pyproject.toml --extra dev $(LOCK_FLAGS) $(if $(UPGRADE),--upgrade) \
		-o requirements-dev.lock
	$(LOCK_VENV)/bin/uv pip compile pyproject.toml --constraint requirements-dev.lock $(LOCK_FLAGS) \
		-o requirements.lock

# The browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
# Installed where we can (root with apt-get); otherwise those tests are skipped, or fail in CI.
CHROMIUM ?= /usr/bin/chromium
.PHONY: browser
browser:
	@if [ ! -x $(CHROMIUM) ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium for the browser tests"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-ipafont-gothic; } \
			>/dev/null 2>&1 || echo "could not install chromium: browser tests will be skipped" >&2; \
	fi

# The shared-state tests run a real redis-server on a free port (tests/helpers/redis_server.py).
# Installed where we can (root with apt-get); otherwise those tests are skipped, or fail in CI.
.PHONY: redis
redis:
	@if ! command -v redis-server >/dev/null 2>&1 && [ ! -x /usr/bin/redis-server ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing redis-server for the shared-state tests"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; } \
			>/dev/null 2>&1 || echo "could not install redis-server: shared-state tests will be skipped" >&2; \
	fi

# The nginx test runs the shipped deploy/nginx.conf on loopback (tests/test_nginx.py).
# Installed where we can (root with apt-get); otherwise that test is skipped, or fails in CI.
.PHONY: nginx
nginx:
	@if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing nginx for the nginx config test"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; } \
			>/dev/null 2>&1 || echo "could not install nginx: the nginx config test will be skipped" >&2; \
	fi
