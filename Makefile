# Vitrine: the README's two commands are `make run` and `make test`.
SHELL := /bin/bash
VITRINE_TOOLS_DIR ?= $(HOME)/.cache/vitrine-tools
export VITRINE_TOOLS_DIR
export PATH := $(HOME)/.cargo/bin:$(VITRINE_TOOLS_DIR)/node_modules/.bin:$(PATH)

.PHONY: run test build bench setup setup-test demo clean

## Install what is missing, build the release site, load demo data into an empty database, serve.
run: setup build
	./target/release/vitrine migrate
	./target/release/vitrine seed demo --if-empty
	@echo
	@echo "  Demo accounts (password: vitrine-demo) — DEMO ONLY, change or disable them in production:"
	@echo "    admin (系统管理员)  hq (总部)  manager1 consultant1 consultant2 consultant3 (上海旗舰店)"
	@echo "    manager2 consultant4 consultant5 (长沙体验店)"
	@echo "  Open http://$${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
	@echo
	./target/release/vitrine serve

## Install what is missing (including Chromium and PostgreSQL), then run every test layer.
test: setup-test
	bash scripts/test.sh

## Load 1,000,000 customers/reservations and 1,000,000 goods items into SQLite and PostgreSQL, print
## import throughput and search latencies (WHAT=goods or WHAT=reservations for one of them).
bench: setup-test
	bash scripts/bench.sh

build: setup
	cargo leptos build --release --split

setup:
	bash scripts/setup.sh

setup-test:
	bash scripts/setup.sh --test

clean:
	cargo clean
