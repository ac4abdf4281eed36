#!/usr/bin/env bash
# The review runs of `make bench`: a product page with 5,000 reviews
# against one with none, and the review log at BENCH_REVIEW_LEAVES leaves
# (submit, inclusion proof, export and verify), on SQLite, on 127.0.0.1
# only, in a temporary data dir.
#
#   bin/mall seed --products $BENCH_REVIEW_PRODUCTS --merchants 10
#   bin/mall bench-reviews seed --reviews $BENCH_REVIEW_LEAVES --product-reviews 5000
#                        (real rows, thousands per transaction: reviews,
#                        versions, replies, aggregates, leaves and hashes)
#   bin/mall serve, and bin/mall bench-ceiling with the busy product's page
#   wrk: ceiling, busy and empty product pages cached, and never cached
#        (each request a URL of its own)
#   bin/mall bench-reviews submit --count $BENCH_REVIEW_SUBMITS
#                        (real checkouts, then real submits timed one by one,
#                        then inclusion proofs and checkpoints at the log's size)
#   bin/mall reviews export, reviews verify --file, reviews verify --url
#
# Settings (environment):
#   MALL_BIN               binary to run (./bin/mall)
#   BENCH_REVIEW_LEAVES    reviews, so log leaves, to seed (default 200000;
#                          1000000 takes about 15 minutes to seed on a busy
#                          2-core machine, ~4 free)
#   BENCH_REVIEW_PRODUCTS  products the reviews are spread over (1000)
#   BENCH_REVIEW_SUBMITS   real submits to time (200)
#   BENCH_REVIEW_DIR       a data dir seeded by an earlier run to use again
#                          (kept; its reviews are not seeded again)
#   BENCH_DURATION, BENCH_CONNECTIONS, BENCH_THREADS   as for loadtest.sh
#   BENCH_REVIEW_PORT      first of the two loopback ports used (18180)
set -euo pipefail

MALL_BIN=${MALL_BIN:-./bin/mall}
LEAVES=${BENCH_REVIEW_LEAVES:-200000}
PRODUCTS=${BENCH_REVIEW_PRODUCTS:-1000}
SUBMITS=${BENCH_REVIEW_SUBMITS:-200}
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
HOST=127.0.0.1
PORT=${BENCH_REVIEW_PORT:-18180}
CEILING_PORT=$((PORT + 1))
MALL_URL="http://$HOST:$PORT"
CEILING_URL="http://$HOST:$CEILING_PORT"

die() { echo "reviewbench: $*" >&2; exit 1; }
[[ -x $MALL_BIN ]] || die "$MALL_BIN not found: run 'make build'"
command -v wrk >/dev/null || die "wrk not found: run 'make wrk'"
command -v curl >/dev/null || die "curl not found"
for n in "$LEAVES" "$PRODUCTS" "$SUBMITS" "$PORT"; do
	[[ $n =~ ^[0-9]+$ ]] || die "BENCH_REVIEW_LEAVES, _PRODUCTS, _SUBMITS and _PORT must be numbers, got '$n'"
done
((LEAVES >= 5000)) || die "BENCH_REVIEW_LEAVES must be at least 5000 (the busy product's reviews)"
MALL_BIN=$(realpath "$MALL_BIN")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mall-reviewbench.XXXXXX")
PIDS=()
cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${PIDS[@]}"; do
		for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load() { cut -d' ' -f1-3 /proc/loadavg; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
get() {
	[[ $1 == "http://$HOST:"* ]] || die "refusing to fetch non-loopback URL $1"
	curl -fsS --max-time 10 "$1"
}
wait_ready() {
	for _ in $(seq 1 120); do
		kill -0 "$2" 2>/dev/null || die "$3 exited early: $(tail -n 20 "$WORK/$3.log")"
		get "$1" >/dev/null 2>&1 && return 0
		sleep 0.5
	done
	die "$3 not ready at $1"
}
for port in $PORT $CEILING_PORT; do
	if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then
		die "something already listens on $HOST:$port (set BENCH_REVIEW_PORT)"
	fi
done

unset DATABASE_URL
export MALL_ADDR="$HOST:$PORT" MALL_BASE_URL="$MALL_URL" MALL_LOG_LEVEL=warn
DATA=${BENCH_REVIEW_DIR:-$WORK/data}
export MALL_DATA_DIR=$DATA
RESULTS=$WORK/results
echo "load at the start: $(load) ($(nproc) cores)" >"$RESULTS"

if [[ ! -s $DATA/bench-reviews.txt ]]; then
	mkdir -p "$DATA"
	echo "== seeding $PRODUCTS products, then $LEAVES reviews (SQLite in $DATA)" >&2
	t=$(now)
	"$MALL_BIN" seed --products "$PRODUCTS" --merchants 10 >"$WORK/seed.log" 2>&1 || die "seed failed: $(tail -n 20 "$WORK/seed.log")"
	"$MALL_BIN" bench-reviews seed --reviews "$LEAVES" --product-reviews 5000 | tee "$WORK/seed-reviews.log" >&2 ||
		die "seeding reviews failed"
	grep -E '^(busy|empty) ' "$WORK/seed-reviews.log" >"$DATA/bench-reviews.txt"
	echo "seeded $PRODUCTS products and $LEAVES reviews in $(since "$t") (load $(load))" >>"$RESULTS"
else
	echo "reusing $DATA (seeded before)" >>"$RESULTS"
fi
busy=$(awk '$1 == "busy" {print $2}' "$DATA/bench-reviews.txt")
empty=$(awk '$1 == "empty" {print $2}' "$DATA/bench-reviews.txt")

"$MALL_BIN" serve >"$WORK/mall.log" 2>&1 &
MALL_PID=$!
PIDS+=("$MALL_PID")
wait_ready "$MALL_URL/readyz" "$MALL_PID" mall
get "$MALL_URL$busy" >/dev/null || die "$busy does not answer"
get "$MALL_URL$empty" >/dev/null || die "$empty does not answer"
"$MALL_BIN" bench-ceiling --addr "$HOST:$CEILING_PORT" --url "$MALL_URL$busy" >"$WORK/ceiling.log" 2>&1 &
CEILING_PID=$!
PIDS+=("$CEILING_PID")
wait_ready "$CEILING_URL$busy" "$CEILING_PID" ceiling

cat >"$WORK/p95.lua" <<'LUA'
function done(summary, latency, requests)
	io.write(string.format("p95: %.2fms\n", latency:percentile(95.0) / 1000))
end
LUA
{
	cat <<'LUA'
local threads = 0
function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end
function init(args) n = 0 end
function request()
	n = n + 1
	return wrk.format(nil, wrk.path .. "?nc=" .. tid .. "-" .. n)
end
LUA
	cat "$WORK/p95.lua"
} >"$WORK/uncached.lua"

CEILING_RPS=
# run NAME URL SCRIPT: "NAME req/s p50 p95 p99 share-of-ceiling"
run() {
	local out rps p50 p95 p99 share
	out=$(timeout 120 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 5s --latency -s "$3" "$2") || die "wrk against $2 failed"
	grep -q 'Non-2xx' <<<"$out" && echo "   WARNING: $1: $(grep 'Non-2xx' <<<"$out")" >&2
	rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
	p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
	p95=$(awk '$1 == "p95:" {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
	[[ -z $CEILING_RPS ]] && CEILING_RPS=$rps
	share=$(awk -v r="$rps" -v c="$CEILING_RPS" 'BEGIN { printf "%.2f", r / c }')
	printf '%-14s %10s %9s %9s %9s %6s\n' "$1" "$rps" "$p50" "$p95" "$p99" "$share"
}
{
	echo "== product pages (wrk -t$THREADS -c$CONNECTIONS -d$DURATION; load $(load))"
	echo "   busy: $busy (5000 reviews); empty: $empty (none)"
	printf '%-14s %10s %9s %9s %9s %6s\n' run req/s p50 p95 p99 share
	run ceiling "$CEILING_URL$busy" "$WORK/p95.lua"
	run busy "$MALL_URL$busy" "$WORK/p95.lua"
	run empty "$MALL_URL$empty" "$WORK/p95.lua"
	run busy-nc "$MALL_URL$busy" "$WORK/uncached.lua"
	run empty-nc "$MALL_URL$empty" "$WORK/uncached.lua"
} | tee "$WORK/pages" >>"$RESULTS"
stop() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
stop "$CEILING_PID"
awk '$1 == "busy" {printf "busy (cached)/ceiling: %s (target >= 0.60)\n", $6}
     $1 == "busy-nc" {b = $2} $1 == "empty-nc" {e = $2}
     END { if (b + 0 > 0) printf "uncached: the busy page takes %.2fx the time of the empty one (req/s; target <= 1.2x)\n", e / b }' "$WORK/pages" >>"$RESULTS"

{
	echo "== review log (load $(load))"
	"$MALL_BIN" bench-reviews submit --count "$SUBMITS" 2>&1 | tr '\r' '\n' | grep -E '^(submit|inclusion|checkpoint)'
	t=$(now)
	"$MALL_BIN" reviews export --out "$WORK/log.jsonl"
	echo "export: $(since "$t") ($(du -m "$WORK/log.jsonl" | cut -f1) MB; load $(load))"
	t=$(now)
	"$MALL_BIN" reviews verify --file "$WORK/log.jsonl" | sed 's/^/   /'
	echo "verify --file: $(since "$t") (target < 30s; load $(load))"
	t=$(now)
	"$MALL_BIN" reviews verify --url "$MALL_URL" | sed 's/^/   /'
	echo "verify --url: $(since "$t") (target < 30s; load $(load))"
} >>"$RESULTS" 2>&1
stop "$MALL_PID"

echo
echo "== review results (SQLite, $LEAVES seeded reviews over $PRODUCTS products)"
cat "$RESULTS"
