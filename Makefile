# The two commands a newcomer runs (see README.md), and the builds behind them.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
RELEASE_DIR := build/release
PLOEG := $(RELEASE_DIR)/src/app/ploeg
TEST_DIR := build/asan
DEMO_DB ?= ploeg-demo.db
LISTEN ?= 127.0.0.1:8080

.PHONY: demo test deps release asan format bench clean

deps:
	scripts/install-deps

release: deps
	cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DPLOEG_TESTS=OFF
	cmake --build $(RELEASE_DIR) -j $(JOBS) --target ploeg

asan: deps
	cmake -S . -B $(TEST_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPLOEG_SANITIZE=ON -DPLOEG_WERROR=ON
	cmake --build $(TEST_DIR) -j $(JOBS)

# Starts ploeg with its demo organisation on the embedded database.
demo: release
	@if [ ! -f $(DEMO_DB) ]; then $(PLOEG) demo --database sqlite:$(DEMO_DB); \
	else $(PLOEG) demo --database sqlite:$(DEMO_DB) --logins-only; fi
	@echo "ploeg serves on http://$(LISTEN) (Ctrl-C stops it)"
	$(PLOEG) serve --database sqlite:$(DEMO_DB) --listen $(LISTEN)

# Every test: unit, store on SQLite and PostgreSQL, HTTP, browser; under ASan/UBSan.
test: asan
	cd $(TEST_DIR) && ctest --output-on-failure --timeout 600 -j $(JOBS)

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp')

bench: deps
	scripts/install-deps --bench
	cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DPLOEG_TESTS=OFF -DPLOEG_BENCH=ON
	cmake --build $(RELEASE_DIR) -j $(JOBS) --target ploeg search_bench planner_bench
	bench/http/run
	bench/organisation/run
	bench/casework/run
	bench/formation/run

clean:
	rm -rf build
