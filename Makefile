# Seoul Civic Contracts. The README's two commands are `make demo` and `make test`;
# every target installs what it needs first (once: stamps skip repeated installs).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
STAMPS := .stamps
# toolchain/bin first: its `solc` is the pinned solc-js adapter, ahead of solc-select's shim.
export PATH := $(CURDIR)/toolchain/bin:$(CURDIR)/$(VENV)/bin:$(CURDIR)/node_modules/.bin:$(PATH)
export SOLCX_BINARY_PATH := $(CURDIR)/toolchain/bin
# Ape's global data (dependency copies, accounts) stays inside the project.
export APE_DATA_FOLDER := $(CURDIR)/.cache/ape
PYTHON ?= python3
# make demo VOTERS=10000 scales the voting demo up (relayed signed votes in batches).
VOTERS ?= 0
# The demo's chain (toolchain/devchain): one Anvil that keeps running until `make stop`;
# `make audit` and `make frontend` attach to it. Ape-foundry connects to it, not a new one.
CHAIN_PORT ?= 8545
FRONTEND_PORT ?= 8000
export CHAIN_PORT
CHAIN := APE_FOUNDRY_HOST=http://127.0.0.1:$(CHAIN_PORT) ape run
# Ape's per-transaction INFO lines ("Confirmed 0x...") only with VERBOSE=1.
APE_VERBOSITY := $(if $(filter 1,$(VERBOSE)),INFO,WARNING)

.PHONY: help install demo audit frontend stop abi kit test test-contracts test-half-a test-half-b lint format slither bench mutation clean

help:
	@echo "The two commands (each installs what it needs first):"
	@echo "  make demo      a civic day: every service deployed to a local chain and used;"
	@echo "                 the chain keeps running (VOTERS=N scales the vote, VERBOSE=1 shows every tx)"
	@echo "  make test      lint, slither and the whole test suite (unit, fuzz, property, page)"
	@echo "After make demo, on its chain:"
	@echo "  make audit     recount every service of the demo chain from its events"
	@echo "  make frontend  serve the dapp page against the demo chain and print its URL"
	@echo "  make stop      stop the demo chain and the page server"
	@echo "Others:"
	@echo "  make install   the Python venv and the npm trees, frozen to their locks"
	@echo "  make lint      ruff and prettier-solidity, as make test runs them"
	@echo "  make format    rewrite Python and Solidity sources into the checked format"
	@echo "  make slither   slither over contracts/ (0 findings expected)"
	@echo "  make abi       rewrite deployments/abi/ (the committed ABIs) from the build"
	@echo "  make kit       rewrite the dapp kit (frontend_stub/kit/) from the build and records"
	@echo "  make bench     gas against peers on a fresh Anvil, written to bench/gas.json"
	@echo "  make mutation  slither-mutate campaigns (hours; MUTATION_ARGS=...), bench/mutation.json"
	@echo "  make clean     remove build output, caches and install stamps"

$(STAMPS)/python: requirements.txt constraints.txt pyproject.toml
	@mkdir -p $(STAMPS)
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(VENV)/bin/pip install -q --disable-pip-version-check --no-deps -e .
	@touch $@

$(STAMPS)/node: package.json package-lock.json toolchain/check-npm-pins.js
	@mkdir -p $(STAMPS)
	@# Frozen install: exactly the locked tree (the lock lists every platform's optional
	@# anvil package; npm skips the other platforms'), or a failure if that is impossible.
	npm ci --no-audit --no-fund --loglevel=error
	node toolchain/check-npm-pins.js .
	@touch $@

install: $(STAMPS)/python $(STAMPS)/node

# The frontend e2e test (tests/frontend) drives Debian's chromium through playwright-core
# (frontend_stub/package.json). Chromium is installed only when absent.
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium

$(STAMPS)/frontend: frontend_stub/package.json frontend_stub/package-lock.json toolchain/check-npm-pins.js
	@mkdir -p $(STAMPS)
	npm ci --prefix frontend_stub --no-audit --no-fund --loglevel=error
	node toolchain/check-npm-pins.js frontend_stub
	@touch $@

demo: install
	@rm -rf contracts/.cache  # Ape's dependency copy: see civic/ape_compat.py
	@toolchain/devchain restart
	$(CHAIN) demo --network ethereum:local:foundry --voters $(VOTERS) -v $(APE_VERBOSITY)
	@echo "The demo chain keeps running at http://127.0.0.1:$(CHAIN_PORT): make audit, make frontend, make stop."

audit: install
	@toolchain/devchain check
	$(CHAIN) audit --network ethereum:local:foundry -v $(APE_VERBOSITY)

frontend: install $(STAMPS)/frontend
	@toolchain/devchain check
	@test -f deployments/ethereum_local.json || { echo "error: no demo record: run 'make demo' first" >&2; exit 1; }
	@toolchain/devchain serve $(FRONTEND_PORT)
	@echo "The page: http://127.0.0.1:$(FRONTEND_PORT)/frontend_stub/index.html?rpc=http://127.0.0.1:$(CHAIN_PORT)"
	@echo "(served in the background from this folder; make stop ends it and the chain)"

stop:
	@toolchain/devchain stop

abi: install
	@rm -rf contracts/.cache
	ape run abi

kit: install
	@rm -rf contracts/.cache
	ape run kit

lint: install
	ruff check .
	ruff format --check .
	npx --no-install prettier --check 'contracts/**/*.sol'

format: install
	ruff check --fix .
	ruff format .
	npx --no-install prettier --write 'contracts/**/*.sol'

slither: install
	slither contracts --config-file slither.config.json

# The suite runs in two halves side by side, one Anvil each (ape-foundry `host: auto`
# gives each its own port): Ape's Python side is CPU-bound, so two cores halve the wall
# time. The build is compiled once first; both halves only read it. MOVED lists test
# files that run in the first half although their folder is in the second, to even the
# halves out. Measured per folder at commit 3c873d2 (quiet machine): deploy ~360 s,
# NW ~185 s, voting ~160 s, escrow ~125 s, vehicle ~70 s, certificates and labor ~45 s
# each; with the property tests' fast reads the NW machine fell to a third while the
# vehicle, certificate, labor and voting machines went to 1,000 examples, so labor runs
# in the first half.
MOVED :=
TESTS_A := tests/escrow tests/vehicle tests/frontend tests/toolchain tests/nw tests/certs tests/labor $(MOVED)
TESTS_B := tests/voting tests/deploy $(addprefix --ignore=,$(MOVED))

test-contracts: install $(STAMPS)/frontend | $(CHROMIUM)
	@rm -rf contracts/.cache  # see civic/ape_compat.py
	ape compile
	$(MAKE) --no-print-directory -j2 --output-sync=target test-half-a test-half-b
	@rm -rf $(HOME)/.foundry/anvil/tmp

test-half-a:
	ape test $(TESTS_A) -q --durations=8

test-half-b:
	ape test $(TESTS_B) -q --durations=8

test: lint slither test-contracts

bench: install
	@rm -rf contracts/.cache
	ape run bench --network ethereum:local:foundry

clean:
	rm -rf .build .cache $(STAMPS) crytic-export

# Hours on 2 cores (one solc-js compile per mutant): not part of make test.
# MUTATION_ARGS e.g. "--contract NWToken --mutators CR,ROR,AOR --jobs 2".
mutation: install
	ape run mutation $(MUTATION_ARGS)
	git diff --exit-code contracts/
