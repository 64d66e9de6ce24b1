# JollyJet front door: every target installs what is missing, then calls CMake/ctest.
BUILD_DIR  ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CONFIG     ?= etc/jollyjet.ini

FAULT_SECONDS ?= 20
FUZZ_SECONDS  ?= 60

.PHONY: all bootstrap configure build run test bench faults fuzz package format clean

all: build

bootstrap:
	@scripts/bootstrap.sh

configure: bootstrap
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

## Start jollyjetd on 127.0.0.1:3000 in the foreground (Ctrl-C stops it).
run: build
	@scripts/run-dev.sh $(BUILD_DIR) $(CONFIG)

## Build and run every test.
test: build
	@cd $(BUILD_DIR) && ctest -j $(JOBS) --output-on-failure --timeout 600

## The long fault runs (Redis killed/slow, store down/paused, SIGTERM, bad input,
## the consistency history under faults) and the fuzzers; bounded in time.
faults: build
	@cd $(BUILD_DIR) && JOLLYJET_FAULT_SECONDS=$(FAULT_SECONDS) ctest -L faults --output-on-failure --timeout 900
	@cd $(BUILD_DIR) && JOLLYJET_FAULT_SECONDS=$(FAULT_SECONDS) ctest -R Consistency --output-on-failure --timeout 900
	@scripts/fuzz.sh $(FUZZ_SECONDS)

fuzz: bootstrap
	@scripts/fuzz.sh $(FUZZ_SECONDS)

## Load benchmarks (loopback only, bounded in time); see bench/README.md.
bench: build
	@bench/run.sh $(BUILD_DIR)
	@bench/scale.sh $(BUILD_DIR)

## Debian packages (jollyjet, jollyjet-dev) in build-package/, built for /usr.
package: bootstrap
	@scripts/package.sh build-package

format:
	@find core host plugins tests -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	@rm -rf $(BUILD_DIR)
