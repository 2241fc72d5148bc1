# Two commands set everything up on a fresh machine: `make run` and `make test`.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

.PHONY: venv test unit lint run bench clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade 'pip<26.3'  # chalice 1.34 requires pip<26.3
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

venv: $(STAMP)

## make test: lint, then every test (unit, API/event over moto, end-to-end over the local stack)
test: venv
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n 2 tests

unit: venv
	$(BIN)/python -m pytest -q tests/unit

lint: venv
	$(BIN)/ruff check .

## make run: the whole system on this machine (AWS stand-in, API, event pump, demo data)
run: venv
	$(BIN)/python -m infra.local.stack

## make bench: DynamoDB requests, items read and latency per operation at growing data sizes
bench: venv
	$(BIN)/python -m tests.bench

clean:
	rm -rf $(VENV) .pytest_cache build
