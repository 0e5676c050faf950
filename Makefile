# Set-up and everyday commands. `make serve` and `make test` work on a fresh Debian machine
# (Python 3.11, make); `make test` installs Chromium, Java and Node.js with apt-get when they
# are missing, so run it as root there (as CI does, through .ci/run).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
ORG ?=
UV_DIR := .tools/uv
UV := $(UV_DIR)/bin/uv
# uv uses this machine's Python (never one it downloads) and installs into .venv.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

# Playwright drives Debian's /usr/bin/chromium; never let pip or anything else fetch its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve preview build test lint lock system-deps python-deps npm-deps clean

## serve: build the handbook and serve it with live reload on http://127.0.0.1:8000
##        ORG=<slug> previews one organisation (and the site-wide pages) on a large site
serve: python-deps
	@echo "Building the handbook; it will be served on http://$(HOST):$(PORT) ..."
	@HANDBOOK_ONLY=$(ORG) $(PY) scripts/serve.py --dev-addr $(HOST):$(PORT) --livereload

## build: write the static site to site/ (set SITE_URL to where it will be published)
build: python-deps
	$(VENV)/bin/mkdocs build --strict

## preview: build site/ and serve exactly those files (as a static web server would)
preview: build
	$(PY) scripts/serve.py --static site --port $(PORT)

## test: install everything the tests need, then run the whole suite (browser tests included)
test: python-deps system-deps npm-deps
	$(VENV)/bin/pytest $(PYTEST_ARGS)

## lint: ruff over the code and tests
lint: python-deps
	$(VENV)/bin/ruff check plugins tests scripts

python-deps: $(VENV)/.stamp-install

# uv installs the Python packages: exactly the versions and hashes in uv.lock. uv itself comes
# from PyPI by its own hashes (scripts/uv-requirements.txt), into .tools/uv, apart from .venv
# (which `uv sync` keeps to exactly what the lock lists).
$(UV): scripts/uv-requirements.txt
	@echo "Installing uv, the Python package installer (first run only)..."
	@rm -rf $(UV_DIR)
	@$(PYTHON) -m venv $(UV_DIR) >/dev/null 2>&1 || { rm -rf $(UV_DIR); \
		echo "Installing python3-venv with apt-get (this machine lacks it)..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv \
			>/dev/null && $(PYTHON) -m venv $(UV_DIR); }
	@$(UV_DIR)/bin/pip install --quiet --quiet --require-hashes -r scripts/uv-requirements.txt
	@touch $@

$(VENV)/.stamp-install: pyproject.toml uv.lock | $(UV)
	@$(UV) lock --check --quiet --python $(PYTHON) 2>/dev/null || { \
		echo "uv.lock does not match pyproject.toml: run 'make lock' and commit uv.lock." >&2; \
		exit 1; }
	@echo "Installing Python packages from uv.lock (first run, or after the lock changed)..."
	@$(UV) sync --quiet --locked --all-extras --python $(PYTHON)
	@touch $@

## lock: refresh uv.lock after editing pyproject.toml; UPGRADE=1 also moves every package to
##       the newest version pyproject.toml allows (then run make test and commit uv.lock)
lock: $(UV)
	$(UV) lock --python $(PYTHON) $(if $(UPGRADE),--upgrade)

# Chromium for the browser tests, Java for the Nu HTML checker, Node.js for npm, DejaVu fonts
# (the import tests write PDFs with an en dash, which fpdf2's built-in fonts lack): installed
# only when missing, with one apt-get update.
system-deps:
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
		echo "Installing with apt-get (first run only):$$missing..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends $$missing >/dev/null; \
	fi

npm-deps: node_modules/.package-lock.json

# npm ci rewrites node_modules/.package-lock.json, so this reruns only when the lockfile changes.
node_modules/.package-lock.json: package.json package-lock.json | system-deps
	@echo "Installing the npm checkers from package-lock.json (first run only)..."
	@npm ci --no-audit --no-fund --loglevel=error >/dev/null

clean:
	rm -rf site .pytest_cache

## bench: build 2, 50 and 200 synthetic organisations against plain mkdocs-material (slow; see BENCHMARKS.md)
.PHONY: bench
bench: python-deps
	$(PY) bench/run.py $(BENCH_ARGS)
