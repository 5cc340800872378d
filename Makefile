# The two commands a newcomer runs (see README.md), and the builds behind them.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
RELEASE_DIR := build/release
PLOEG := $(RELEASE_DIR)/src/app/ploeg
TEST_DIR := build/asan
FUZZ_DIR := build/fuzz
FUZZ_RUNS ?= 2000
FUZZ_SECONDS ?= 60
DEMO_DB ?= ploeg-demo.db
LISTEN ?= 127.0.0.1:8080

.PHONY: demo test deps release asan format bench clean fuzz-build fuzz-smoke fuzz

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

# Every test: unit, store on SQLite and PostgreSQL, HTTP, browser; under ASan/UBSan;
# then each fuzz target briefly on its seeds.
test: asan
	cd $(TEST_DIR) && ctest --output-on-failure --timeout 600 -j $(JOBS)
	$(MAKE) fuzz-smoke

# The libFuzzer targets of fuzz/ with clang, ASan and UBSan, only the libraries they need.
fuzz-build: deps
	cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
	  -DCMAKE_CXX_COMPILER=clang++-16 -DPLOEG_FUZZ=ON -DPLOEG_TESTS=OFF -DPLOEG_WERROR=ON
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzz_targets

# A fixed number of runs of each target (part of `make test`).
fuzz-smoke: fuzz-build
	fuzz/run $(FUZZ_DIR) -runs=$(FUZZ_RUNS) -seed=1 -max_total_time=60

# Each target for FUZZ_SECONDS (60 s); what they find stays in $(FUZZ_DIR)/fuzz/corpus.
fuzz: fuzz-build
	fuzz/run $(FUZZ_DIR) -max_total_time=$(FUZZ_SECONDS)

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp')

bench: deps
	scripts/install-deps --bench
	cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DPLOEG_TESTS=OFF -DPLOEG_BENCH=ON
	cmake --build $(RELEASE_DIR) -j $(JOBS) --target ploeg search_bench planner_bench model_bench
	bench/http/run
	bench/organisation/run
	bench/casework/run
	bench/staffing/run
	bench/formation/run
	bench/mail/run

clean:
	rm -rf build
