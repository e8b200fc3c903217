# make demo   — run the demo on the sandbox (installs everything it needs on first use)
# make test   — lint and run every package's tests, then the end-to-end tests
# make bench  — run the benchmarks under bench/ and print their figures

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
MELTANO_VENV := $(VENV)/tools/meltano

# Libraries and plugins installed editable in the root venv for their tests. Meltano gives
# each plugin its own venv for pipelines.
PACKAGES := warehouse delivery-ledger supplychain-edi sandbox \
	tap-trading-grid tap-braze target-braze target-trading-grid
FIXTURES := tests/fixtures/tap-sample
PYPROJECTS := $(wildcard $(addsuffix /pyproject.toml,$(PACKAGES) $(FIXTURES)))

export MELTANO_SEND_ANONYMOUS_USAGE_STATS := false
export MELTANO_CLI_DISABLE_VERSION_CHECK := true
export MELTANO_ENVIRONMENT ?= dev

.PHONY: demo test lint bench bootstrap debian-packages clean

bootstrap: $(VENV)/.tools .meltano/.installed

# Debian packages, only those a test needs: PostgreSQL server binaries for the tests that run
# against a real Postgres (the ledger, dbt portability), and Chromium for the test that renders
# the demo's report.
DEBIAN_PACKAGES := $(if $(wildcard /usr/lib/postgresql/*/bin/initdb),,postgresql) \
	$(if $(wildcard /usr/bin/chromium),,chromium)
debian-packages:
	@if [ -n "$(strip $(DEBIAN_PACKAGES))" ]; then \
		apt-get update -qq && apt-get install -y -qq $(DEBIAN_PACKAGES) >/dev/null; fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.tools: requirements-dev.txt requirements-meltano.txt $(PYPROJECTS) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements-dev.txt \
		$(foreach p,$(PACKAGES),-e ./$(p) --group ./$(p)/pyproject.toml:test) \
		$(foreach p,$(FIXTURES),-e ./$(p))
	@# Meltano lives in a venv of its own: it pins SQLAlchemy below what the plugins use.
	$(BIN)/uv venv --quiet --allow-existing --python $(BIN)/python $(MELTANO_VENV)
	$(BIN)/uv pip install --quiet --python $(MELTANO_VENV)/bin/python -r requirements-meltano.txt
	ln -sf ../tools/meltano/bin/meltano $(BIN)/meltano
	touch $@

.meltano/.installed: meltano.yml $(PYPROJECTS) $(VENV)/.tools
	$(BIN)/meltano install
	touch $@

demo: bootstrap
	$(BIN)/python scripts/demo.py --phases 4

lint: $(VENV)/.tools
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: bootstrap debian-packages lint
	$(BIN)/python scripts/run_tests.py $(PACKAGES) tests

bench: bootstrap
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .meltano output
