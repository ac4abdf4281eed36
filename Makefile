# The mall's tasks. Needs only Go, make and git: templ, stripe-mock, govulncheck and
# staticcheck come from go.mod's tool directives (`go tool ...`), Chromium,
# wrk and a C compiler (for -race) are installed from Debian when missing.
#
#   make run        build, seed demo data once, serve http://localhost:8080 (SQLite)
#   make test       everything CI checks (.ci/run calls it)
#   make vulncheck  govulncheck against a local copy of the Go vulnerability database
#   make bench      Go benchmarks, then a wrk load test of a seeded mall, then the review run
#   make build      static binary in bin/mall
#   make generate   templ -> *_templ.go
#   make fmt        gofmt and templ fmt
#   make clean      remove build and test output

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
# Targets run in the order written, even under -j: test's steps are a
# sequence (generated files before vet, vet before the slow tests).
.NOTPARALLEL:

GO        ?= go
# Go 1.26.10: the standard library of 1.26.8 and 1.26.9 has known
# vulnerabilities (crypto/x509, net/http, net/textproto, crypto/tls). go
# fetches this toolchain itself through the module proxy.
GOTOOLCHAIN ?= go1.26.10
export GOTOOLCHAIN
TEMPL     := $(GO) tool templ
BIN       := bin/mall
DATA_DIR  ?= ./data
TEST_FLAGS ?= -race -count=1 -timeout 25m
BENCHTIME ?= 2s
BENCH_PRODUCTS ?= 100000
# Reviews (so review log leaves) seeded for the review run
# (scripts/reviewbench.sh). 1,000,000 takes about 15 minutes to seed on a
# 2-core machine under a load of 25 (the bulk path writes ~800 reviews/s
# there): run `make bench BENCH_REVIEW_LEAVES=1000000` for the issue's
# figures.
BENCH_REVIEW_LEAVES ?= 200000
# Catalogue sizes measured beside the main run, each seeded on its own
# (1,000,000 takes about 10 minutes to seed on 2 free cores).
BENCH_SIZES ?= 1000 1000000

# Root installs directly; anyone else through sudo when there is one (-n:
# fail rather than wait for a password nobody will type in CI).
SUDO := $(shell if [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then echo "sudo -n"; fi)
# Wait for another apt (an unattended upgrade, a parallel job) instead of
# failing on its lock.
APT_GET := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300

.PHONY: help run say-building build generate fmt vet staticcheck check-tidy test check-generated check-fmt \
	test-sqlite test-postgres chromium wrk cc bench clean vulncheck

help:
	@sed -n 's/^#   //p' $(MAKEFILE_LIST)

## ---------- build and run ----------

generate:
	$(TEMPL) generate -log-level warn

build: generate
	CGO_ENABLED=0 $(GO) build -trimpath -o $(BIN) ./cmd/mall

# Always SQLite in ./data, whatever DATABASE_URL the shell has: `make run`
# must work with no other service. Demo data goes in only on first run.
# The first build compiles templ and the mall and says nothing of its own
# for minutes, so run says what it is doing.
run: say-building build
	@echo "loading the demo data if the mall has none yet..."
	env -u DATABASE_URL MALL_DATA_DIR=$(DATA_DIR) ./$(BIN) seed --if-empty
	@echo "starting the mall..."
	env -u DATABASE_URL MALL_DATA_DIR=$(DATA_DIR) ./$(BIN) serve

say-building:
	@echo "building the mall (the first build takes a few minutes)..."

fmt:
	git ls-files -z -- '*.go' ':(exclude)*_templ.go' | xargs -0 -r gofmt -w
	$(TEMPL) fmt -log-level warn .

## ---------- checks ----------

# The order is the contract: cheap checks first, then the race-enabled
# suite on SQLite, then the same suite on PostgreSQL when DATABASE_URL is
# set. The second run reuses the -race test binaries from the build cache.
test: check-generated check-fmt check-tidy vet staticcheck vulncheck chromium cc test-sqlite test-postgres

# Generated files are committed; fail when they differ from what templ
# makes now, or when one was never committed.
check-generated:
	$(TEMPL) generate -log-level warn
	@git diff --exit-code --stat -- '*_templ.go' || { \
		echo "generated templ files are stale: run 'make generate' and commit them" >&2; exit 1; }
	@untracked=$$(git ls-files --others --exclude-standard -- '*_templ.go'); \
	if [ -n "$$untracked" ]; then \
		echo "generated templ files not committed:" >&2; echo "$$untracked" >&2; exit 1; fi

check-fmt:
	@unformatted=$$(git ls-files -z -- '*.go' ':(exclude)*_templ.go' | xargs -0 -r gofmt -l); \
	if [ -n "$$unformatted" ]; then \
		echo "gofmt would change these files (run 'make fmt'):" >&2; echo "$$unformatted" >&2; exit 1; fi

vet:
	$(GO) vet ./...

# staticcheck is pinned in go.mod's tool block; any finding fails.
staticcheck:
	$(GO) tool staticcheck ./...

# go.mod and go.sum must be what `go mod tidy` makes of the code: every
# module the code imports required directly, nothing left over.
check-tidy:
	@$(GO) mod tidy -diff || { \
		echo "go.mod/go.sum are not tidy: run 'go mod tidy' and commit them" >&2; exit 1; }

# govulncheck (pinned in go.mod) against a local database built from the
# golang.org/x/vulndb module, fetched through the module proxy like any
# module: no request to vuln.go.dev. The database is built once per vulndb
# version and kept in VULNDB_CACHE. It fails on any vulnerability the
# code can reach. VULNDB_VERSION=v0.0.0-... pins one version.
VULNDB_VERSION ?= latest
VULNDB_CACHE   ?= $(HOME)/.cache/mall-vulndb
vulncheck:
	@info=$$($(GO) mod download -json golang.org/x/vulndb@$(VULNDB_VERSION)); \
	version=$$(printf '%s\n' "$$info" | sed -n 's/^[[:space:]]*"Version": "\(.*\)",*$$/\1/p'); \
	src=$$(printf '%s\n' "$$info" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$$/\1/p'); \
	if [ -z "$$version" ] || [ ! -d "$$src/data/osv" ]; then echo "golang.org/x/vulndb@$(VULNDB_VERSION) not found: $$info" >&2; exit 1; fi; \
	db="$(VULNDB_CACHE)/$$version"; \
	if [ ! -f "$$db/index/db.json" ]; then \
		mkdir -p "$(VULNDB_CACHE)"; \
		modified=$$($(GO) list -m -f '{{.Time.UTC.Format "2006-01-02T15:04:05Z07:00"}}' golang.org/x/vulndb@$$version); \
		$(GO) run ./internal/cmd/vulndb -osv "$$src/data/osv" -out "$$db" -modified "$$modified"; \
		find "$(VULNDB_CACHE)" -mindepth 1 -maxdepth 1 ! -name "$$version" -exec rm -rf {} +; \
	fi; \
	echo "govulncheck ./...   # golang.org/x/vulndb $$version, $(GOTOOLCHAIN)"; \
	$(GO) tool govulncheck -db "file://$$db" ./...

test-sqlite:
	env -u DATABASE_URL $(GO) test $(TEST_FLAGS) ./...

test-postgres:
	@if [ -n "$${DATABASE_URL:-}" ]; then \
		echo "$(GO) test $(TEST_FLAGS) ./...   # on PostgreSQL (DATABASE_URL)"; \
		$(GO) test $(TEST_FLAGS) ./...; \
	else \
		echo "DATABASE_URL is not set: the PostgreSQL run is skipped"; \
	fi

## ---------- system packages (Debian) ----------

# Browser tests drive Debian's Chromium; install it only when missing. The
# CJK fonts make Chinese pages render as text, not boxes, in screenshots.
chromium:
	@if [ ! -x /usr/bin/chromium ] || [ ! -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then \
		echo "installing chromium and fonts-noto-cjk"; \
		$(APT_GET) update && $(APT_GET) install -y chromium fonts-noto-cjk; \
	fi

wrk:
	@if ! command -v wrk >/dev/null 2>&1; then \
		echo "installing wrk"; \
		$(APT_GET) update && $(APT_GET) install -y wrk; \
	fi

# The race detector needs cgo, so a C compiler.
cc:
	@if ! command -v "$$($(GO) env CC)" >/dev/null 2>&1; then \
		echo "installing gcc (the race detector needs cgo)"; \
		$(APT_GET) update && $(APT_GET) install -y gcc libc6-dev; \
	fi

## ---------- performance ----------

bench: build wrk
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) -timeout 15m ./...
	env -u DATABASE_URL $(GO) test -run '^$$' -bench Checkout -benchtime 2000x ./orders/
	if [ -n "$${DATABASE_URL:-}" ]; then $(GO) test -run '^$$' -bench Checkout -benchtime 2000x ./orders/; fi
	BENCH_PRODUCTS=$(BENCH_PRODUCTS) BENCH_SIZES="$(BENCH_SIZES)" MALL_BIN=./$(BIN) bash scripts/loadtest.sh
	BENCH_REVIEW_LEAVES=$(BENCH_REVIEW_LEAVES) MALL_BIN=./$(BIN) bash scripts/reviewbench.sh

clean:
	rm -rf bin
	find . -path ./data -prune -o -type d -path '*/testdata/screenshots' -print0 | xargs -0 -r rm -rf
	find . -path ./data -prune -o -type f \( -name '*.test' -o -name '*.out' \) -print0 | xargs -0 -r rm -f
