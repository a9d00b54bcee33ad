# tierdb — build, run, test.
#
#   make build   go build ./cmd/... into ./bin
#   make run     build, then serve 127.0.0.1:6379 with data in ./data
#   make test    what CI runs (.ci/run): install test tools if missing, gofmt,
#                go vet, go test -race -short on the concurrent packages and
#                the concurrency e2e tests (long load tests skip there), the whole
#                suite with CI=true built as make build builds (pure Go), and a
#                few seconds of every fuzz target
#   make fuzz    every fuzz target for FUZZTIME (default 60s) each
#   make bench   the tierdb-bench suite against a fresh tierdb and a real
#                Redis (about 3 minutes), written to bench/results/latest/
#   make bench-compare  redis-compare.sh (redis-benchmark) against both
#   make lint    gofmt -l and go vet
#   make clean   remove ./bin

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

GO ?= go
BIN ?= bin
# Packages whose code is concurrent: their tests also run under the race detector.
RACE_PKGS ?= ./persistence/... ./tier/... ./engine/... ./resp/... ./configs/...
# The end-to-end tests that exercise concurrency (blocking commands, MULTI,
# hostile clients, the evictor, SORT's shard locks) also run under the race
# detector; the whole e2e suite under -race would take longer than CI allows.
RACE_E2E ?= Block|Txn|Hostile|Sort_Patterns|ACL_Concurrent|Limits|Smoke|Tiering_(ScanResistance|WatchColdKey|ColdKeysExpire|TinyMaxmemory|DropMode|NoEviction|Volatile)
# How long each fuzz target runs in `make test` and in `make fuzz`.
FUZZTIME_TEST ?= 3s
FUZZTIME ?= 60s
TEST_TIMEOUT ?= 15m
# The bench script lives in the shared tools folder beside the checkout.
REDIS_COMPARE ?= ../shared/tools/redis-compare.sh
COMPARE_ARGS ?=
BENCH_OUT ?= bench/results/latest
# The standard tierdb-bench suite: every workload against a fresh tierdb and a
# real Redis, 3 interleaved rounds of 5 s each.
BENCH_ARGS ?= --rounds 3 --duration 5s --clients 32 --keys 100000 \
	--workload strings --workload cache:dist=zipfian --workload leaderboard \
	--workload sessions --workload queue --workload stream \
	--workload larger-than-ram:value-size=1000,maxmemory=64mb

.PHONY: build run test deps lint vet fmt-check fuzz bench bench-compare clean

# Pure Go: Pebble's block cache and memtables then live on the Go heap, under
# the memory limit tierdb sets from maxmemory; with cgo they are C memory, and
# glibc's heap keeps RSS above maxmemory's bound (configs.SplitMemory).
build:
	@mkdir -p $(BIN)
	CGO_ENABLED=0 $(GO) build -o $(BIN)/ ./cmd/...

run: build
	./$(BIN)/tierdb --bind 127.0.0.1 --port 6379 --dir ./data

# Differential tests fail instead of skipping when redis-server is missing.
test: export CI := true
test: deps lint
	$(GO) test -race -short -timeout $(TEST_TIMEOUT) $(RACE_PKGS)
	$(GO) test -race -short -timeout $(TEST_TIMEOUT) -run '$(RACE_E2E)' ./test/e2e/
	CGO_ENABLED=0 $(GO) test -timeout $(TEST_TIMEOUT) ./...
	bash .ci/fuzz $(FUZZTIME_TEST)

# Debian's redis-server (differential tests) and redis-tools (redis-cli,
# redis-benchmark), installed only when missing; apt-get update only if the
# first attempt fails; sudo only when not root.
deps:
	@missing=""; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	{ command -v redis-cli >/dev/null 2>&1 && command -v redis-benchmark >/dev/null 2>&1; } || missing="$$missing redis-tools"; \
	if [ -n "$$missing" ]; then \
		sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
		echo "installing$$missing"; \
		apt_install() { $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing </dev/null; }; \
		apt_install || { $$sudo env DEBIAN_FRONTEND=noninteractive apt-get update </dev/null && apt_install; }; \
	fi

lint: fmt-check vet

fmt-check:
	@files=$$(git ls-files -co --exclude-standard '*.go' 2>/dev/null || find . -name '*.go'); \
	unformatted=$$(gofmt -l $$(grep -v '/testdata/' <<<"$$files")); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi

vet:
	$(GO) vet ./...

fuzz:
	bash .ci/fuzz $(FUZZTIME)

bench: build deps
	rm -rf $(BENCH_OUT)/*.json $(BENCH_OUT)/*.md $(BENCH_OUT)/*.png
	./$(BIN)/tierdb-bench run --start tierdb --start redis --tierdb-bin $(CURDIR)/$(BIN)/tierdb \
		$(BENCH_ARGS) --out $(BENCH_OUT)

bench-compare: build deps
	@mkdir -p $(BENCH_OUT)
	@dir=$$(mktemp -d); \
	port=$$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	./$(BIN)/tierdb --bind 127.0.0.1 --port $$port --dir "$$dir" >"$$dir/tierdb.log" 2>&1 & pid=$$!; \
	trap 'kill $$pid 2>/dev/null || true; wait $$pid 2>/dev/null || true; rm -rf "$$dir"' EXIT; \
	for _ in $$(seq 100); do redis-cli -p $$port ping >/dev/null 2>&1 && break; sleep 0.1; done; \
	echo "tierdb $$(./$(BIN)/tierdb --version) on port $$port"; \
	bash $(REDIS_COMPARE) $$port $(COMPARE_ARGS) | tee $(BENCH_OUT)/redis-compare.txt

clean:
	rm -rf $(BIN)
