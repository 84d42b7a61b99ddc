# gitops-agent: build, test, benchmark. `make test` and `make demo` do all set-up on a fresh
# Debian bookworm machine (they run `make setup` first, which is quiet when nothing is missing).
SWIFT ?= swift
SWIFT_FLAGS ?=

.PHONY: setup build release test lint-swift format bench bench-reposync bench-lint bench-kube bench-sync demo clean

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build $(SWIFT_FLAGS)

release: setup
	$(SWIFT) build -c release --static-swift-stdlib $(SWIFT_FLAGS)

# The whole test suite: unit tests plus end-to-end tests against real servers (git daemon,
# lighttpd + git http-backend, sshd, the kube emulator, kubectl) that the tests start on 127.0.0.1.
test: setup
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)
	$(SWIFT) test --skip-build $(SWIFT_FLAGS)
	@$(MAKE) --no-print-directory lint-swift

lint-swift:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format format --in-place --recursive Package.swift Sources Tests

bench: bench-reposync bench-lint bench-kube bench-sync

bench-reposync: release
	bash bench/reposync

bench-lint: release
	bash bench/lint

bench-kube: release
	bash bench/kube

bench-sync: release
	bash bench/sync

# The whole agent on loopback: a sample repository behind git daemon, two emulated clusters,
# sync, a commit, diff, sync again, history (scripts/demo; it stops what it starts).
demo: setup
	$(SWIFT) build $(SWIFT_FLAGS) --product gitops-agent
	$(SWIFT) build $(SWIFT_FLAGS) --product kube-emulator
	SWIFT=$(SWIFT) bash scripts/demo

clean:
	rm -rf .build
