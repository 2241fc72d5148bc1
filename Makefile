# Two commands set everything up on a fresh machine: `make run` and `make test`.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

.PHONY: venv test unit lint run bench clean tools infra-check package test-aws chromium screens deploy web teardown redrive

# Infra checkers in their own virtualenv: checkov pins boto3 & co. differently from moto.
TOOLS := .venv-tools
TOOLS_STAMP := $(TOOLS)/.installed-$(shell cat infra/requirements-tools.txt | cksum | cut -d' ' -f1)
STAGE ?= dev

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade 'pip<26.3'  # chalice 1.34 requires pip<26.3
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

venv: $(STAMP)

$(TOOLS_STAMP): infra/requirements-tools.txt
	test -x $(TOOLS)/bin/python || $(PY) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install -q -r infra/requirements-tools.txt
	rm -f $(TOOLS)/.installed-*
	touch $(TOOLS_STAMP)

tools: $(TOOLS_STAMP)

# The web client's browser tests drive Debian's Chromium (Playwright never downloads a browser).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
$(CHROMIUM):
	$(SUDO) apt-get update -q
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium

chromium: $(CHROMIUM)

## make infra-check: cfn-lint and checkov (skips explained in .checkov.yaml / resource metadata) on infra/
infra-check: venv tools
	$(BIN)/cfn-lint infra/template.json
	$(TOOLS)/bin/checkov --config-file .checkov.yaml -f infra/template.json

## make package [STAGE=prod]: build/<stage>/deployment.zip + sam.json (chalice package, merged with infra/api.json), linted
package: venv tools
	$(BIN)/python -m infra.package --stage $(STAGE) $(if $(FROM_STACK),--from-stack)
	$(BIN)/cfn-lint build/$(STAGE)/sam.json
	$(TOOLS)/bin/checkov --config-file infra/checkov-package.yaml -f build/$(STAGE)/sam.json

## make deploy STAGE=prod: build as make package does, chalice deploy that build (small zip, bytecode), gateway responses
deploy: venv
	$(BIN)/python -m infra.deploy --stage $(STAGE)

## make teardown STAGE=dev [CONFIRM=prod]: chalice delete, then the infra stack (prod only when named twice)
teardown: venv
	$(BIN)/python -m infra.teardown --stage $(STAGE) $(if $(CONFIRM),--confirm $(CONFIRM))

## make redrive STAGE=prod QUEUE=alerts|jobs|uploads|inbound|digest|stream-failures|async-failures [DRY_RUN=1]
redrive: venv
	$(BIN)/python -m infra.redrive --stage $(STAGE) --queue $(QUEUE) $(if $(DRY_RUN),--dry-run)

## make web STAGE=prod: build/web/<stage>/ (web/ with the stage's config.js), synced to the web bucket, CloudFront refreshed
web: venv
	$(BIN)/python -m infra.web_config --stage $(STAGE)

## make test-aws: live checks against a deployed stage (needs AWS credentials and CALLBOARD_STAGE)
test-aws: venv
	$(BIN)/python -m pytest -q -p no:xdist --confcutdir=tests/aws tests/aws  # not tests/conftest.py: it forces the local stage

## make test: lint, then every test (unit, API/event over moto, end-to-end over the local stack)
test: venv infra-check package chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n 2 --dist loadfile tests  # a file's tests on one worker: a module's stack and browser start once

unit: venv
	$(BIN)/python -m pytest -q tests/unit tests/service

lint: venv
	$(BIN)/ruff check .

## make run: the whole system on this machine (AWS stand-in, API, event pump, demo data)
run: venv
	$(BIN)/python -m infra.local.stack $(ARGS)

## make screens: run the browser tests and keep their screenshots in docs/screens/ (shown in the README)
screens: venv chromium
	CALLBOARD_SCREENS_DIR=docs/screens $(BIN)/python -m pytest -q -p no:xdist tests/browser

## make bench: DynamoDB requests, items read and latency per operation at growing data sizes; scam-signal precision/recall
bench: venv
	$(BIN)/python -m infra.coldstart  # import app vs import boto3 from the deployment zip (builds it if missing)
	$(BIN)/python -m tests.bench
	$(BIN)/python -m tests.bench_applications
	$(BIN)/python -m tests.bench_messaging  # a message's writes in all; search pages up to 100,000 threads
	$(BIN)/python -m tests.bench_costs  # notices, casting dashboard, hourly sweeps (issue 17)
	$(BIN)/python -m tests.bench_safety  # docs/SAFETY.md, "Scam signals"

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache build
