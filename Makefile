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

# Playwright drives Debian's /usr/bin/chromium; never let pip or anything else fetch its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve preview build test lint system-deps python-deps npm-deps clean

## serve: build the handbook and serve it with live reload on http://127.0.0.1:8000
##        ORG=<slug> previews one organisation (and the site-wide pages) on a large site
serve: python-deps
	HANDBOOK_ONLY=$(ORG) $(PY) scripts/serve.py --dev-addr $(HOST):$(PORT) --livereload

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

$(VENV)/.stamp-install: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Installing python3-venv with apt-get"; \
		apt-get update && apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# Chromium for the browser tests, Java for the Nu HTML checker, Node.js for npm: installed
# only when missing, with one apt-get update.
system-deps:
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
		echo "Installing with apt-get:$$missing"; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi

npm-deps: node_modules/.package-lock.json

# npm ci rewrites node_modules/.package-lock.json, so this reruns only when the lockfile changes.
node_modules/.package-lock.json: package.json package-lock.json | system-deps
	npm ci --no-audit --no-fund

clean:
	rm -rf site .pytest_cache

## bench: build 2, 50 and 200 synthetic organisations against plain mkdocs-material (slow; see BENCHMARKS.md)
.PHONY: bench
bench: python-deps
	$(PY) bench/run.py $(BENCH_ARGS)
