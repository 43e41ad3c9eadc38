# nnscript — two commands on a fresh machine:
#   make run    sets up, builds, and runs examples/quickstart.nns
#   make test   sets up and runs every test
# and `make bench` for the speed figures.

SWIFT ?= swift
# Debian packages the build needs: libedit for line editing, OpenBLAS for matrix products.
APT_PACKAGES := libedit-dev libopenblas-dev pkg-config
RELEASE := .build/release

.PHONY: all setup build run test bench embed format clean report-check

all: build

# Installs the Debian packages that are missing (and only those).
setup:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
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
	$(SWIFT) build --package-path examples/embedding
	examples/embedding/.build/debug/embedding

bench: setup
	$(SWIFT) build -c release --product nnscript
	$(SWIFT) build -c release --product nnscript-bench
	$(RELEASE)/nnscript-bench --nnscript $(RELEASE)/nnscript

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

# Regenerates the embedded copies of stdlib/, data/ and the Ray bridge (a test fails while one
# is stale).
embed:
	scripts/embed.sh

format:
	$(SWIFT) format --in-place --recursive Sources Tests Benchmarks Package.swift

clean:
	rm -rf .build
