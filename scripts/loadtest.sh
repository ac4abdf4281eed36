#!/usr/bin/env bash
# Load test: how fast a product page and a search answer on a big SQLite
# mall, against the fastest fiber could send the same page (the ceiling).
#
# Starts, on 127.0.0.1 only and in a temporary data dir:
#   bin/mall seed --products $BENCH_PRODUCTS --merchants $BENCH_MERCHANTS
#   bin/mall serve                  (MALL_ADDR=127.0.0.1:18080)
#   bin/mall bench-ceiling --addr 127.0.0.1:18081 --url <product page>
# then runs wrk against each and prints req/s, p50, p95, p99 and the ratio of
# the product page to the ceiling. Everything it starts is stopped on exit.
#
# Settings (environment):
#   MALL_BIN            binary to run (./bin/mall)
#   BENCH_PRODUCTS      products to seed (100000)
#   BENCH_MERCHANTS     merchants to seed (100)
#   BENCH_DURATION      wrk duration per URL (15s)
#   BENCH_CONNECTIONS   wrk connections (64); BENCH_THREADS wrk threads (2)
#   BENCH_PRODUCT_PATH  product page path; default: the first product URL
#                       in /sitemap.xml (a path containing /p/)
#   BENCH_SEARCH_Q      search words; default: a word from that page's title
#   BENCH_SEARCH_MORE   more searches, separated by commas, measured
#                       uncached only (default: none; e.g. "12345,龙井"
#                       for a rare word and a Chinese one in seeded data)
#
# The mall keeps the first pages of a search in its page cache, so
# repeating one URL measures the cache. Each search is therefore also run
# as "<name>-nc": every request adds a parameter of its own (&nc=N), which
# misses the cache and makes the database rank and count each time.
set -euo pipefail

MALL_BIN=${MALL_BIN:-./bin/mall}
PRODUCTS=${BENCH_PRODUCTS:-100000}
MERCHANTS=${BENCH_MERCHANTS:-100}
DURATION=${BENCH_DURATION:-15s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
SEED_TIMEOUT=${BENCH_SEED_TIMEOUT:-1800}
HOST=127.0.0.1
MALL_PORT=18080
CEILING_PORT=18081
MALL_URL="http://$HOST:$MALL_PORT"
CEILING_URL="http://$HOST:$CEILING_PORT"

die() { echo "loadtest: $*" >&2; exit 1; }

[[ -x $MALL_BIN ]] || die "$MALL_BIN not found: run 'make build'"
command -v wrk >/dev/null || die "wrk not found: run 'make wrk'"
[[ $PRODUCTS =~ ^[0-9]+$ ]] || die "BENCH_PRODUCTS must be a number, got '$PRODUCTS'"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mall-loadtest.XXXXXX")
PIDS=()

cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in "${PIDS[@]}"; do
		# Up to 10 s for a graceful shutdown, then force.
		for _ in $(seq 1 20); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.5
		done
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# http_get URL: the body of a GET, or failure. curl when there is one,
# otherwise plain bash over /dev/tcp (loopback only, HTTP/1.0).
http_get() {
	local url=$1
	[[ $url == "http://$HOST:"* ]] || die "refusing to fetch non-loopback URL $url"
	if command -v curl >/dev/null; then
		curl -fsS --max-time 10 "$url"
		return
	fi
	local rest=${url#http://} path=/ resp
	[[ $rest == */* ]] && path=/${rest#*/}
	local hostport=${rest%%/*}
	resp=$(mktemp "$WORK/http.XXXXXX")
	timeout 10 bash -c 'exec 3<>"/dev/tcp/$1/$2" && printf "GET %s HTTP/1.0\r\nHost: %s:%s\r\n\r\n" "$3" "$1" "$2" >&3 && cat <&3' \
		_ "${hostport%:*}" "${hostport#*:}" "$path" >"$resp" 2>/dev/null || { rm -f "$resp"; return 1; }
	if ! head -n 1 "$resp" | grep -q '^HTTP/1\.[01] 200'; then
		rm -f "$resp"
		return 1
	fi
	sed '1,/^\r\{0,1\}$/d' "$resp"
	rm -f "$resp"
}

port_in_use() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# wait_ready URL NAME PID: up to 60 s for URL to answer 200.
wait_ready() {
	local url=$1 name=$2 pid=$3
	for _ in $(seq 1 120); do
		kill -0 "$pid" 2>/dev/null || die "$name exited early; its log:$(printf '\n'; tail -n 30 "$WORK/$name.log")"
		if http_get "$url" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.5
	done
	die "$name not ready at $url after 60 s; its log:$(printf '\n'; tail -n 30 "$WORK/$name.log")"
}

for port in $MALL_PORT $CEILING_PORT; do
	if port_in_use "$port"; then
		die "something already listens on $HOST:$port; stop it first"
	fi
done

# The load test measures the embedded SQLite setup, whatever the shell has.
export MALL_DATA_DIR="$WORK/data"
export MALL_ADDR="$HOST:$MALL_PORT"
export MALL_BASE_URL="$MALL_URL"
# Per-request access logs would measure the terminal, not the mall.
export MALL_LOG_LEVEL=${MALL_LOG_LEVEL:-warn}
unset DATABASE_URL

echo "== seeding $PRODUCTS products in $MERCHANTS merchants (SQLite in $MALL_DATA_DIR)"
start=$SECONDS
timeout "$SEED_TIMEOUT" "$MALL_BIN" seed --products "$PRODUCTS" --merchants "$MERCHANTS" >"$WORK/seed.log" 2>&1 ||
	die "seed failed or took over ${SEED_TIMEOUT}s; its log:$(printf '\n'; tail -n 30 "$WORK/seed.log")"
echo "   seeded in $((SECONDS - start))s"

echo "== starting the mall on $MALL_URL"
"$MALL_BIN" serve >"$WORK/mall.log" 2>&1 &
PIDS+=("$!")
wait_ready "$MALL_URL/readyz" mall "$!"

# A product page: given, or the first product URL in the sitemap (following
# a sitemap index to its first sitemap that lists one).
product_path=${BENCH_PRODUCT_PATH:-}
if [[ -z $product_path ]]; then
	locs() { grep -o '<loc>[^<]*</loc>' | sed -e 's#<loc>##' -e 's#</loc>##' -e 's#&amp;#\&#g'; }
	sitemap=$(http_get "$MALL_URL/sitemap.xml") || die "could not fetch $MALL_URL/sitemap.xml (set BENCH_PRODUCT_PATH)"
	product_url=$(locs <<<"$sitemap" | grep -m1 '/p/' || true)
	if [[ -z $product_url ]]; then
		n=0
		while read -r child && ((n++ < 20)); do
			[[ $child == *.xml* ]] || continue
			child_path=/${child#*://*/}
			product_url=$(http_get "$MALL_URL$child_path" | locs | grep -m1 '/p/' || true)
			[[ -n $product_url ]] && break
		done < <(locs <<<"$sitemap")
	fi
	[[ -n $product_url ]] || die "no product URL (containing /p/) in $MALL_URL/sitemap.xml; set BENCH_PRODUCT_PATH"
	product_path=/${product_url#*://*/}
fi
page=$(http_get "$MALL_URL$product_path") || die "product page $MALL_URL$product_path does not answer 200"
echo "   product page: $product_path (${#page} bytes)"

search_q=${BENCH_SEARCH_Q:-}
if [[ -z $search_q ]]; then
	title=$(grep -o '<title>[^<]*</title>' <<<"$page" | head -n 1 | sed -e 's#</*title>##g')
	search_q=$(grep -oE '[[:alpha:]]{3,}' <<<"$title" | head -n 1 | tr '[:upper:]' '[:lower:]' || true)
	search_q=${search_q:-shop}
fi
# urlencode S: S as a query parameter value (UTF-8 bytes percent-encoded).
urlencode() {
	local LC_ALL=C s=$1 out= c i
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case $c in
		[a-zA-Z0-9.~_-]) out+=$c ;;
		' ') out+=+ ;;
		*) out+=$(printf '%%%02X' "'$c") ;;
		esac
	done
	printf '%s' "$out"
}
search_path="/search?q=$(urlencode "$search_q")"
http_get "$MALL_URL$search_path" >/dev/null || die "search $MALL_URL$search_path does not answer 200"

echo "== starting the ceiling on $CEILING_URL (the same page from memory)"
"$MALL_BIN" bench-ceiling --addr "$HOST:$CEILING_PORT" --url "$MALL_URL$product_path" >"$WORK/ceiling.log" 2>&1 &
PIDS+=("$!")
wait_ready "$CEILING_URL$product_path" ceiling "$!"

# wrk prints the 50th, 75th, 90th and 99th percentiles; the search target
# is on the 95th, which this script prints after the run.
cat >"$WORK/p95.lua" <<'LUA'
function done(summary, latency, requests)
	io.write(string.format("p95: %.2fms\n", latency:percentile(95.0) / 1000))
end
LUA
# A wrk script that gives every request a parameter of its own, so that no
# request is answered from the page cache (and prints the p95 too).
{
	cat <<'LUA'
local threads = 0
function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end
function init(args)
	n = 0
end
function request()
	n = n + 1
	return wrk.format(nil, wrk.path .. "&nc=" .. tid .. "-" .. n)
end
LUA
	cat "$WORK/p95.lua"
} >"$WORK/uncached.lua"

# run_wrk NAME URL [wrk args...]: prints "NAME req/s p50 p95 p99" and
# warns about errors. Without a -s script of its own it uses p95.lua.
run_wrk() {
	local name=$1 url=$2 out
	shift 2
	(($#)) || set -- -s "$WORK/p95.lua"
	echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency $* $url" >&2
	out=$(timeout 120 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 5s --latency "$@" "$url") ||
		die "wrk against $url failed"
	printf '%s\n' "$out" >"$WORK/wrk-$name.txt"
	local rps p50 p95 p99 bad
	rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
	p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
	p95=$(awk '$1 == "p95:" {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
	bad=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")
	if [[ -n $bad ]]; then
		echo "   WARNING: $bad responses to $name were not 2xx/3xx" >&2
	fi
	if grep -q 'Socket errors' <<<"$out"; then
		echo "   WARNING: $(grep 'Socket errors' <<<"$out" | sed 's/^ *//')" >&2
	fi
	printf '%-10s %12s %10s %10s %10s\n' "$name" "$rps" "$p50" "$p95" "$p99"
}

results=$(
	printf '%-10s %12s %10s %10s %10s\n' "route" "req/s" "p50" "p95" "p99"
	run_wrk ceiling "$CEILING_URL$product_path"
	run_wrk product "$MALL_URL$product_path"
	run_wrk search "$MALL_URL$search_path"
	run_wrk search-nc "$MALL_URL$search_path" -s "$WORK/uncached.lua"
	n=0
	IFS=, read -ra more <<<"${BENCH_SEARCH_MORE:-}"
	for q in "${more[@]}"; do
		n=$((n + 1))
		run_wrk "search$n-nc" "$MALL_URL/search?q=$(urlencode "$q")" -s "$WORK/uncached.lua"
	done
)
ceiling_rps=$(awk '$1 == "ceiling" {print $2}' <<<"$results")
product_rps=$(awk '$1 == "product" {print $2}' <<<"$results")

echo
echo "== results ($PRODUCTS products, $MERCHANTS merchants, SQLite; wrk -t$THREADS -c$CONNECTIONS -d$DURATION)"
echo "   product: $product_path"
echo "   search:  $search_path"
n=0
IFS=, read -ra more <<<"${BENCH_SEARCH_MORE:-}"
for q in "${more[@]}"; do
	n=$((n + 1))
	echo "   search$n: /search?q=$(urlencode "$q") ($q)"
done
printf '%s\n' "$results"
awk -v p="$product_rps" -v c="$ceiling_rps" 'BEGIN {
	if (c + 0 > 0) printf "product/ceiling ratio: %.2f (target >= 0.60)\n", p / c
	else print "product/ceiling ratio: unknown (no ceiling result)"
}'
