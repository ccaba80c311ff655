# The two commands of the README: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.stepqa-installed

.PHONY: run test eval lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first, pinned to the local CPU wheel: anything else pulls GBs of CUDA packages.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: $(STAMP)
	$(BIN)/stepqa ingest
	$(BIN)/python app.py

# pytest exits 5 when it collects no test; that must fail, not pass.
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The faithfulness regression gate: fails when a headline metric falls below eval/baseline.json.
eval: $(STAMP)
	$(BIN)/stepqa eval --check

lint: $(STAMP)
	$(BIN)/ruff check src tests app.py benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .stepqa
