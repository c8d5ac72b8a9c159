# Two commands on a fresh clone: `make run` (install, ingest the sample week, open the
# web chat) and `make test` (install, run the whole suite). Both use .venv only.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
# llama-cpp-python compiles from source once (~6.5 min on 2 cores): scripts/install-llama-cpp.sh
export CMAKE_BUILD_PARALLEL_LEVEL ?= 2

.PHONY: install run test test-fast browser bench dist clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml scripts/install-llama-cpp.sh
	@command -v $(PYTHON) >/dev/null || { echo "Error: $(PYTHON) not found (Python 3.11 is required)"; exit 2; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	scripts/install-llama-cpp.sh $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: install
	$(BIN)/paperqa-lite serve --ensure-sample

browser:
	@scripts/ensure-chromium.sh

test: install browser
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not slow and not browser"

bench: install
	$(BIN)/python benchmarks/run.py --quick

# The wheel a user installs (prompts and sample week inside); tests/test_package.py installs it.
dist: install
	$(BIN)/python -m pip wheel --quiet --no-deps -w dist .

clean:
	rm -rf $(VENV) build dist *.egg-info src/*.egg-info test-artifacts
