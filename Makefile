# ktech: two commands on a fresh machine.
#   make run   create .venv, install ktech, extract seeds/ into data/
#   make test  create .venv, install ktech with test extras, run the tests
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: run test install clean eval bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# An editable install compiles nothing: the package's bytecode is written here, as a
# regular install writes it (a run under PYTHONDONTWRITEBYTECODE would compile every
# module at each start-up, 0.06 s of it).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q korea_tech
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/ktech extract seeds/ --format csv --format jsonl --out data/
	$(BIN)/ktech records seeds/ --kind funding --out data/records.csv
	$(BIN)/ktech records seeds/ --kind target --out data/targets.csv

test: $(STAMP)
	$(BIN)/python -m pytest

eval: run
	$(BIN)/ktech eval data/mentions.jsonl --gold ../shared/gold --min-f1 0.9 --min-strict-f1 0.8 --min-norm 0.9

clean:
	rm -rf $(VENV) data build *.egg-info

bench: $(STAMP)
	$(BIN)/python -m compileall -q korea_tech
	$(BIN)/python benchmarks/bench.py
