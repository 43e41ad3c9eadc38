# nnscript — two commands on a fresh machine:
#   make run    sets up, builds, and runs examples/quickstart.nns
#   make test   sets up and runs every test, and builds a host that depends on this package by
#               version (scripts/versioned-dependency.sh)
# and `make bench` for the speed figures, `make fuzz` for coverage-guided fuzzing.

SWIFT ?= swift
# Debian packages the build needs: libedit for line editing, OpenBLAS for matrix products.
APT_PACKAGES := libedit-dev libopenblas-dev pkg-config
# `make bench` also measures Debian's BLIS against the OpenBLAS builds.
BENCH_APT_PACKAGES := libblis4-pthread
RELEASE := .build/release
# The current OpenBLAS, which nnscript loads in place of Debian's where its products check right
# (Sources/NNCore/Math/BLAS/BLASChoice.swift).
BLAS_DIR := .build/blas
# The suites whose numbers must hold with Debian's OpenBLAS too, the fallback of every machine:
# the PyTorch oracles and the finite differences.
FALLBACK_SUITES := 'NNCoreTests\.(Reference|RecurrentReference|EmbeddingReference|GradientCheck|RecurrentGradient|Convolution|BLASChoice)Tests'

.PHONY: all setup apt-install build run test bench fuzz format clean report-check

all: build

# Installs the Debian packages that are missing (and only those), and fetches the current OpenBLAS.
setup:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"
	@command -v python3 >/dev/null || $(MAKE) --no-print-directory apt-install PACKAGES=python3
	@python3 scripts/fetch-openblas.py $(BLAS_DIR)

apt-install:
	@missing=""; \
	for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing"; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

build: setup
	$(SWIFT) build -c release --product nnscript

run: build
	$(RELEASE)/nnscript examples/quickstart.nns

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	NNSCRIPT_BLAS=system $(SWIFT) test --skip-build --filter $(FALLBACK_SUITES)
	$(SWIFT) build --package-path examples/embedding
	examples/embedding/.build/debug/embedding
	SWIFT=$(SWIFT) scripts/versioned-dependency.sh

# The training rows are also measured against BENCH_BASE, the last commit whose NNCore was compiled
# for the building CPU alone: checked out in $(BASE_TREE), where the same workloads
# (Benchmarks/TrainingRates.swift) are built against it as a bench of their own.
BENCH_BASE ?= b749e62
BASE_TREE := .build-bench-base
bench: setup
	-@$(MAKE) --no-print-directory apt-install PACKAGES="$(BENCH_APT_PACKAGES)"
	$(SWIFT) build -c release --product nnscript
	$(SWIFT) build -c release --product nnscript-bench
	git worktree prune
	@if [ -d $(BASE_TREE) ]; then git -C $(BASE_TREE) checkout -q --force --detach $(BENCH_BASE); \
	else git worktree add -q --detach $(BASE_TREE) $(BENCH_BASE); fi
	rm -rf $(BASE_TREE)/Benchmarks && mkdir $(BASE_TREE)/Benchmarks
	cp Benchmarks/TrainingRates.swift $(BASE_TREE)/Benchmarks/
	printf '%s\n' 'import Foundation' \
	  'do { try ratesChild(CommandLine.arguments) } catch { print(error); exit(1) }' >$(BASE_TREE)/Benchmarks/main.swift
	$(SWIFT) build -c release --package-path $(BASE_TREE) --product nnscript-bench
	$(RELEASE)/nnscript-bench --nnscript $(RELEASE)/nnscript --base $(BASE_TREE)/.build/release/nnscript-bench

# Coverage-guided fuzzing with libFuzzer of the checker, the CSV reader and the model-file and
# checkpoint readers: the package under Fuzz/, built with the fuzzer and address sanitizers.
# Each target runs FUZZ_SECONDS on inputs up to 1 MB (the lexer's deep inputs need that much),
# from Tests/FuzzCorpus/TARGET/ and the repository's own files; what it learns collects in
# .build/fuzz/TARGET/, and an input that breaks a target is written to Tests/FuzzCorpus/open/TARGET/
# (move it to Tests/FuzzCorpus/TARGET/ once fixed, where FuzzCorpusTests replays it). It runs
# in fork mode, so that fuzzing goes on after a crash, a hang or running out of memory.
FUZZ_SECONDS ?= 60
fuzz: setup
	$(SWIFT) build --package-path Fuzz -c debug -Xswiftc -sanitize=fuzzer,address
	@found=""; \
	for t in check csv model checkpoint; do \
	  case $$t in \
	    check) seeds="examples Sources/NNScript/Stdlib grammar/examples Tests/Golden Tests/Scenarios" ;; \
	    csv) seeds="Sources/NNCore/Data/Bundled Tests/Golden/data examples/data Tests/Scenarios/data" ;; \
	    *) seeds="" ;; \
	  esac; \
	  mkdir -p .build/fuzz/$$t Tests/FuzzCorpus/open/$$t; \
	  before=$$(ls Tests/FuzzCorpus/open/$$t | wc -l); \
	  echo "fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  ASAN_OPTIONS=detect_leaks=0 Fuzz/.build/debug/fuzz-$$t -max_len=1048576 -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
	    -artifact_prefix=Tests/FuzzCorpus/open/$$t/ .build/fuzz/$$t Tests/FuzzCorpus/$$t $$seeds; \
	  [ "$$(ls Tests/FuzzCorpus/open/$$t | wc -l)" -eq "$$before" ] || found="$$found $$t"; \
	done; \
	if [ -n "$$found" ]; then echo "fuzzing broke:$$found (inputs in Tests/FuzzCorpus/open/)"; exit 1; fi

# Renders the report examples/plots.nns writes in headless Chromium (Debian's chromium,
# installed when missing) and saves a screenshot to look at.
REPORT := examples/build/plots/report.html
report-check: build
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing chromium"; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null; }
	$(RELEASE)/nnscript examples/plots.nns
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,2600 \
	  --screenshot=$(REPORT:.html=.png) file://$(CURDIR)/$(REPORT) 2>/dev/null
	@echo "look at $(REPORT:.html=.png) (the page: $(REPORT))"

format:
	$(SWIFT) format --in-place --recursive Sources Tests Benchmarks Package.swift

clean:
	rm -rf .build
