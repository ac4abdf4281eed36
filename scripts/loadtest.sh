#!/usr/bin/env bash
# Load test: how fast the mall answers shoppers on a big SQLite mall,
# against the fastest fiber could send the same page (the ceiling), all
# measured in the same run so that the shares hold on a busy machine.
#
# Starts, on 127.0.0.1 only and in a temporary data dir:
#   bin/mall seed --products $BENCH_PRODUCTS --merchants $BENCH_MERCHANTS
#   bin/mall serve                  (MALL_ADDR=127.0.0.1:$BENCH_PORT, profiles
#                                    and page-cache counters on port+2)
#   bin/mall bench-ceiling --addr 127.0.0.1:<port+1> --url <product page>
# then runs wrk against each and prints, per run, req/s, p50, p95, p99, the
# share of the ceiling and the server's peak RSS (VmHWM). Everything it
# starts is stopped on exit.
#
# The runs:
#   ceiling      the product page's bytes from memory
#   product      one product URL, anonymous (warm in the page cache)
#   random       $BENCH_PAGES product pages at random, anonymous, after a
#                warm-up pass over them (as every run that reads the cache)
#   uncached     product pages never cached (each request a URL of its own)
#   signed-in    the random pages as a signed-in shopper with an item in the cart
#   search       a search, cached; search-nc the same search never cached
#   log-info     random again with the default log level (MALL_LOG_LEVEL=info,
#                the access log to a file); the other runs log warnings only
#   sale-browse  product, shop and search pages while bin/mall bench-shoppers
#                places $BENCH_SALE_RATE checkouts/s; sale-product random
#                product pages during the same sale. The page cache's hit rate
#                over the sale is printed after.
#   size-N       for each N in $BENCH_SIZES: a mall of N products seeded on
#                its own, its product pages at random and its shops' first
#                pages, with its own ceiling
#
# Settings (environment):
#   MALL_BIN            binary to run (./bin/mall)
#   BENCH_PRODUCTS      products to seed (100000)
#   BENCH_MERCHANTS     merchants to seed (100)
#   BENCH_DURATION      wrk duration per run (10s)
#   BENCH_CONNECTIONS   wrk connections (64); BENCH_THREADS wrk threads (2)
#   BENCH_PORT          first of the three loopback ports used (18080)
#   BENCH_PAGES         product pages in the random runs (5000)
#   BENCH_SALE_RATE     checkouts per second during the sale (20)
#   BENCH_SIZES         catalogue sizes for the size runs, e.g.
#                       "1000 100000 1000000" (default: none). 1,000,000
#                       takes about 10 minutes to seed on 2 free cores.
#   BENCH_PRODUCT_PATH  product page path; default: the first product URL
#                       in the sitemap
#   BENCH_SEARCH_Q      search words; default: a word from that page's title
#   BENCH_SEARCH_MORE   more searches, separated by commas, measured
#                       uncached only (default: none; e.g. "12345,龙井"
#                       for a rare word and a Chinese one in seeded data)
#   BENCH_PROFILE       when set, a 5 s CPU profile of the server during the
#                       uncached run is saved to this file (go tool pprof)
#   BENCH_SALE_PROFILE  the same during the sale-product run: what the
#                       server spends its CPU on while checkouts run
#
# The mall keeps the first pages of a search in its page cache, so
# repeating one URL measures the cache. Each search is therefore also run
# as "<name>-nc": every request adds a parameter of its own (&nc=N), which
# misses the cache and makes the database rank and count each time.
set -euo pipefail

MALL_BIN=${MALL_BIN:-./bin/mall}
PRODUCTS=${BENCH_PRODUCTS:-100000}
MERCHANTS=${BENCH_MERCHANTS:-100}
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
SEED_TIMEOUT=${BENCH_SEED_TIMEOUT:-1800}
HOST=127.0.0.1
MALL_PORT=${BENCH_PORT:-18080}
CEILING_PORT=$((MALL_PORT + 1))
DEBUG_PORT=$((MALL_PORT + 2))
MALL_URL="http://$HOST:$MALL_PORT"
CEILING_URL="http://$HOST:$CEILING_PORT"
DEBUG_URL="http://$HOST:$DEBUG_PORT"
PAGES=${BENCH_PAGES:-5000}
SALE_RATE=${BENCH_SALE_RATE:-20}
SIZES=${BENCH_SIZES:-}

die() { echo "loadtest: $*" >&2; exit 1; }

[[ -x $MALL_BIN ]] || die "$MALL_BIN not found: run 'make build'"
command -v wrk >/dev/null || die "wrk not found: run 'make wrk'"
for n in "$PRODUCTS" "$PAGES" "$MALL_PORT" $SIZES; do
	[[ $n =~ ^[0-9]+$ ]] || die "BENCH_PRODUCTS, BENCH_PAGES, BENCH_PORT and BENCH_SIZES must be numbers, got '$n'"
done

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

for port in $MALL_PORT $CEILING_PORT $DEBUG_PORT; do
	if port_in_use "$port"; then
		die "something already listens on $HOST:$port; stop it first (or set BENCH_PORT)"
	fi
done

# The load test measures the embedded SQLite setup, whatever the shell has.
export MALL_ADDR="$HOST:$MALL_PORT"
export MALL_BASE_URL="$MALL_URL"
export MALL_DEBUG_ADDR="$HOST:$DEBUG_PORT"
# bench-shoppers sends each shopper as from an address of its own through
# this trusted proxy, as shoppers behind a load balancer come.
export MALL_TRUSTED_PROXIES=$HOST
unset DATABASE_URL

# seed_mall DIR N: a mall of N products in $MERCHANTS merchants in DIR.
seed_mall() {
	local dir=$1 n=$2 start=$SECONDS
	echo "== seeding $n products in $MERCHANTS merchants (SQLite in $dir)"
	# The seed's progress bar goes to the terminal as well as to its log.
	MALL_DATA_DIR=$dir timeout "$SEED_TIMEOUT" "$MALL_BIN" seed --products "$n" --merchants "$MERCHANTS" 2>&1 | tee "$WORK/seed-$n.log" >&2 ||
		die "seed failed or took over ${SEED_TIMEOUT}s; its log:$(printf '\n'; tail -c 2000 "$WORK/seed-$n.log")"
	echo >&2
	echo "   seeded in $((SECONDS - start))s"
}

# start_mall DIR LEVEL: serves the mall in DIR, logging at LEVEL to
# $WORK/mall.log (a file: a terminal would be measured, not the mall);
# sets MALL_PID.
start_mall() {
	MALL_DATA_DIR=$1 MALL_LOG_LEVEL=$2 "$MALL_BIN" serve >"$WORK/mall.log" 2>&1 &
	MALL_PID=$!
	PIDS+=("$MALL_PID")
	wait_ready "$MALL_URL/readyz" mall "$MALL_PID"
}

stop_pid() {
	kill -TERM "$1" 2>/dev/null || true
	for _ in $(seq 1 40); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.25
	done
	kill -KILL "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# start_ceiling PATH: serves the mall's PATH from memory; sets CEILING_PID.
start_ceiling() {
	"$MALL_BIN" bench-ceiling --addr "$HOST:$CEILING_PORT" --url "$MALL_URL$1" >"$WORK/ceiling.log" 2>&1 &
	CEILING_PID=$!
	PIDS+=("$CEILING_PID")
	wait_ready "$CEILING_URL$1" ceiling "$CEILING_PID"
}

locs() { grep -o '<loc>[^<]*</loc>' | sed -e 's#<loc>##' -e 's#</loc>##' -e 's#&amp;#\&#g' -e 's#^[a-z]*://[^/]*##'; }

# collect_paths N FILE: up to N product page paths from the sitemaps, taken
# across the shops (the first N/shops of each), and the shops' first pages
# in FILE.shops.
collect_paths() {
	local n=$1 out=$2 shops per
	http_get "$MALL_URL/sitemap.xml" | locs | grep '^/s/[^/]*/sitemap' >"$WORK/shop-sitemaps" ||
		die "no shop sitemaps in $MALL_URL/sitemap.xml"
	shops=$(wc -l <"$WORK/shop-sitemaps")
	per=$(((n + shops - 1) / shops))
	: >"$out"
	while read -r sm; do
		http_get "$MALL_URL$sm" | locs | grep '/p/' | head -n "$per" >>"$out" || true
	done <"$WORK/shop-sitemaps"
	sed -i "$((n + 1)),\$d" "$out"
	sed 's#/sitemap.xml$##' "$WORK/shop-sitemaps" >"$out.shops"
	[[ -s $out ]] || die "no product pages in the sitemaps"
}

peak_rss() { awk '/^VmHWM:/ {printf "%d MB", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }

cache_stats() { http_get "$DEBUG_URL/debug/cache" || echo '{}'; }
json_num() { grep -o "\"$1\":[0-9]*" <<<"$2" | cut -d: -f2; }

seed_mall "$WORK/data" "$PRODUCTS"
echo "== starting the mall on $MALL_URL"
start_mall "$WORK/data" warn

collect_paths "$PAGES" "$WORK/paths"
product_path=${BENCH_PRODUCT_PATH:-$(head -n 1 "$WORK/paths")}
page=$(http_get "$MALL_URL$product_path") || die "product page $MALL_URL$product_path does not answer 200"
echo "   product page: $product_path (${#page} bytes); $(wc -l <"$WORK/paths") product pages for the random runs"

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
start_ceiling "$product_path"

# wrk scripts. p95.lua prints the 95th percentile (wrk prints 50, 75, 90
# and 99). random.lua takes paths at random from the file given after --;
# with "nc" after the file every request also gets a parameter of its own,
# so that none is answered from the page cache.
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
function init(args)
	n = 0
	paths = {}
	weights = {}
	nc = args[2] == "nc"
	math.randomseed(os.time() + tid * 7919)
	for i = 1, #args do
		local file, weight = string.match(args[i], "^(.+)=(%d+)$")
		if file == nil and args[i] ~= "nc" then file, weight = args[i], 1 end
		if file ~= nil then
			local list = {}
			for line in io.lines(file) do list[#list + 1] = line end
			for _ = 1, tonumber(weight) do paths[#paths + 1] = list end
		end
	end
end
function request()
	n = n + 1
	local list = paths[math.random(#paths)]
	local path = list[math.random(#list)]
	if nc then
		local sep = "?"
		if string.find(path, "?", 1, true) then sep = "&" end
		path = path .. sep .. "nc=" .. tid .. "-" .. n
	end
	return wrk.format(nil, path)
end
LUA
	cat "$WORK/p95.lua"
} >"$WORK/random.lua"
# uncached.lua: the URL given to wrk, a parameter of its own per request.
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

# warm FILE: the pages of FILE in the page cache before a run measures it
# (a cold cache would measure the first visits, which "uncached" does):
# each page asked for once, 16 at a time, however slow the machine (a
# warm-up of fixed length left most pages out on a loaded one, and the
# "random" run then measured first visits). At most 300 s.
warm() {
	echo "== warming the page cache with $(wc -l <"$1") pages" >&2
	command -v curl >/dev/null || die "curl is needed to warm the page cache"
	awk -v base="$MALL_URL" '{ printf "url = \"%s%s\"\noutput = \"/dev/null\"\n", base, $0 }' "$1" >"$WORK/warm.curl"
	# Not -f: a search over its per-address limit answers 429 after the
	# search runs; that page is simply not warmed.
	timeout 300 curl -sS --no-progress-meter --parallel --parallel-max 16 -K "$WORK/warm.curl" ||
		die "warming the page cache failed"
}

CEILING_RPS=
# run_wrk NAME URL PID [wrk args...] [-- script args...]: prints "NAME req/s p50 p95 p99 share
# rss" (share of CEILING_RPS; the server PID's peak RSS) and warns about
# errors. Without a -s script of its own it uses p95.lua.
run_wrk() {
	local name=$1 url=$2 pid=$3 out opts=() script_args=()
	shift 3
	# Arguments after -- go to the wrk script, after the URL.
	while (($#)); do
		if [[ $1 == -- ]]; then
			shift
			script_args=("$@")
			break
		fi
		opts+=("$1")
		shift
	done
	((${#opts[@]})) || opts=(-s "$WORK/p95.lua")
	echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency ${opts[*]} $url ${script_args[*]}" >&2
	out=$(timeout 120 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 5s --latency "${opts[@]}" "$url" "${script_args[@]}") ||
		die "wrk against $url failed"
	printf '%s\n' "$out" >"$WORK/wrk-$name.txt"
	local rps p50 p95 p99 bad share
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
	[[ -z $CEILING_RPS ]] && CEILING_RPS=$rps
	share=$(awk -v r="$rps" -v c="$CEILING_RPS" 'BEGIN { if (c + 0 > 0) printf "%.2f", r / c; else print "?" }')
	printf '%-14s %10s %9s %9s %9s %6s %8s\n' "$name" "$rps" "$p50" "$p95" "$p99" "$share" "$(peak_rss "$pid")"
}

# signed_in_cookies: signs a new shopper up, puts one product in their
# cart, and prints the Cookie header of their browser.
signed_in_cookies() {
	local jar=$WORK/shopper.jar token
	curl -fsS -c "$jar" -b "$jar" "$MALL_URL/account/sign-up" -o "$WORK/sign-up.html" || die "GET /account/sign-up failed"
	token=$(grep -o 'name="_csrf" value="[^"]*"' "$WORK/sign-up.html" | head -n 1 | sed 's/.*value="//; s/"$//')
	curl -fsS -c "$jar" -b "$jar" -o /dev/null -X POST "$MALL_URL/account/sign-up" \
		--data-urlencode "_csrf=$token" --data-urlencode "name=Bench Shopper" \
		--data-urlencode "email=bench-$RANDOM@shopper.test" --data-urlencode "password=correct horse battery staple" ||
		die "sign-up failed"
	curl -fsS -c "$jar" -b "$jar" "$MALL_URL$product_path" -o "$WORK/product.html"
	# The add-to-cart form: its hidden fields (CSRF token, product or
	# variant) and, on a product with options, the chips checked by default.
	local form input name value
	form=$(tr '\n' ' ' <"$WORK/product.html" | grep -o 'action="/cart/add"[^>]*data-testid="add-to-cart".*' | sed 's#</form>.*##')
	[[ -n $form ]] || die "no add-to-cart form on $product_path"
	local args=()
	while read -r input; do
		name=$(sed -n 's/.* name="\([^"]*\)".*/\1/p' <<<"$input")
		value=$(sed -n 's/.* value="\([^"]*\)".*/\1/p' <<<"$input" | sed 's/&amp;/\&/g')
		[[ -n $name ]] && args+=(--data-urlencode "$name=$value")
	done < <(grep -o '<input[^>]*type="hidden"[^>]*>\|<input[^>]*type="radio"[^>]* checked[^>]*>' <<<"$form")
	curl -fsS -c "$jar" -b "$jar" -o /dev/null -X POST "$MALL_URL/cart/add" "${args[@]}" --data-urlencode "quantity=1" ||
		die "the shopper's add to cart failed"
	# The "added to cart" message is shown once, on the page after: fetch
	# it, or every request of the run would carry (and show) the message.
	curl -fsS -c "$jar" -b "$jar" -o /dev/null "$MALL_URL/cart" || true
	awk '!/^#/ || /^#HttpOnly_/ { sub(/^#HttpOnly_/, ""); if (NF >= 7) printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar"
}

RESULTS=$WORK/results
header() { printf '%-14s %10s %9s %9s %9s %6s %8s\n' "run" "req/s" "p50" "p95" "p99" "share" "peak RSS"; }
{
	header
	run_wrk ceiling "$CEILING_URL$product_path" "$CEILING_PID"
	run_wrk product "$MALL_URL$product_path" "$MALL_PID"
	warm "$WORK/paths"
	run_wrk random "$MALL_URL/" "$MALL_PID" -s "$WORK/random.lua" -- "$WORK/paths"
	cookies=$(signed_in_cookies)
	[[ $cookies == *mall_session=* ]] || die "the shopper's sign-up gave no session cookie"
	run_wrk signed-in "$MALL_URL/" "$MALL_PID" -H "Cookie: $cookies" -s "$WORK/random.lua" -- "$WORK/paths"
	profiler=
	if [[ -n ${BENCH_PROFILE:-} ]]; then
		(sleep 2 && curl -fsS -o "$BENCH_PROFILE" "$DEBUG_URL/debug/pprof/profile?seconds=5") &
		profiler=$!
	fi
	run_wrk uncached "$MALL_URL/" "$MALL_PID" -s "$WORK/random.lua" -- "$WORK/paths" nc
	[[ -z $profiler ]] || wait "$profiler" || echo "   WARNING: no CPU profile saved" >&2
	run_wrk search "$MALL_URL$search_path" "$MALL_PID"
	run_wrk search-nc "$MALL_URL$search_path" "$MALL_PID" -s "$WORK/uncached.lua"
	n=0
	IFS=, read -ra more <<<"${BENCH_SEARCH_MORE:-}"
	for q in "${more[@]}"; do
		n=$((n + 1))
		run_wrk "search$n-nc" "$MALL_URL/search?q=$(urlencode "$q")" "$MALL_PID" -s "$WORK/uncached.lua"
	done

	# The sale: checkouts at SALE_RATE/s through both sale runs.
	echo "$search_path" >"$WORK/searches"
	cat "$WORK/paths" "$WORK/paths.shops" "$WORK/searches" >"$WORK/sale-pages"
	warm "$WORK/sale-pages"
	secs=${DURATION%s}
	"$MALL_BIN" bench-shoppers --url "$MALL_URL" --products "$WORK/paths" --rate "$SALE_RATE" \
		--duration "$((2 * secs + 4))s" >"$WORK/shoppers.txt" 2>&1 &
	shoppers=$!
	PIDS+=("$shoppers")
	sleep 1
	before=$(cache_stats)
	run_wrk sale-browse "$MALL_URL/" "$MALL_PID" -s "$WORK/random.lua" -- "$WORK/paths=7" "$WORK/paths.shops=2" "$WORK/searches=1"
	profiler=
	if [[ -n ${BENCH_SALE_PROFILE:-} ]]; then
		(sleep 2 && curl -fsS -o "$BENCH_SALE_PROFILE" "$DEBUG_URL/debug/pprof/profile?seconds=5") &
		profiler=$!
	fi
	run_wrk sale-product "$MALL_URL/" "$MALL_PID" -s "$WORK/random.lua" -- "$WORK/paths"
	[[ -z $profiler ]] || wait "$profiler" || echo "   WARNING: no CPU profile of the sale saved" >&2
	after=$(cache_stats)
	wait "$shoppers" || true
	hits=$(($(json_num hits "$after") - $(json_num hits "$before")))
	misses=$(($(json_num misses "$after") - $(json_num misses "$before")))
	echo "sale: $(tail -n 2 "$WORK/shoppers.txt" | tr '\n' ' ')" >"$WORK/sale.txt"
	awk -v h="$hits" -v m="$misses" 'BEGIN { if (h + m > 0) printf "sale: page cache hit rate %.1f%% (%d hits, %d misses; target >= 90%%)\n", 100 * h / (h + m), h, m }' >>"$WORK/sale.txt"
	echo "page cache after the runs: $after" >>"$WORK/sale.txt"

	# The default log level: the same random pages with the access log on.
	stop_pid "$MALL_PID"
	start_mall "$WORK/data" info
	warm "$WORK/paths"
	run_wrk log-info "$MALL_URL/" "$MALL_PID" -s "$WORK/random.lua" -- "$WORK/paths"
	stop_pid "$MALL_PID"
	stop_pid "$CEILING_PID"
} >"$RESULTS"

# Catalogue sizes: each its own mall, product pages and shops' first pages,
# with a ceiling of its own.
for size in $SIZES; do
	dir=$WORK/data-$size
	seed_mall "$dir" "$size"
	start_mall "$dir" warn
	collect_paths "$PAGES" "$WORK/paths-$size"
	start_ceiling "$(head -n 1 "$WORK/paths-$size")"
	{
		CEILING_RPS=
		run_wrk "size-$size-ceil" "$CEILING_URL$(head -n 1 "$WORK/paths-$size")" "$CEILING_PID"
		cat "$WORK/paths-$size" "$WORK/paths-$size.shops" >"$WORK/pages-$size"
		warm "$WORK/pages-$size"
		run_wrk "size-$size-prod" "$MALL_URL/" "$MALL_PID" -s "$WORK/random.lua" -- "$WORK/paths-$size"
		run_wrk "size-$size-shop" "$MALL_URL/" "$MALL_PID" -s "$WORK/random.lua" -- "$WORK/paths-$size.shops"
	} >>"$RESULTS"
	stop_pid "$MALL_PID"
	stop_pid "$CEILING_PID"
	rm -rf "$dir"
done

echo
echo "== results ($PRODUCTS products, $MERCHANTS merchants, SQLite; wrk -t$THREADS -c$CONNECTIONS -d$DURATION; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "   product: $product_path; random runs over $(wc -l <"$WORK/paths") product pages"
echo "   search:  $search_path"
n=0
IFS=, read -ra more <<<"${BENCH_SEARCH_MORE:-}"
for q in "${more[@]}"; do
	n=$((n + 1))
	echo "   search$n: /search?q=$(urlencode "$q") ($q)"
done
cat "$RESULTS"
cat "$WORK/sale.txt"
awk '$1 == "random" {r = $2} $1 == "log-info" {l = $2} END {
	if (r + 0 > 0 && l + 0 > 0) printf "access log cost: %.0f%% (log-info against random; target <= 10%%)\n", 100 * (1 - l / r)
}' "$RESULTS"
awk '$1 == "product" {printf "product/ceiling: %s (target >= 0.60)\n", $6}
     $1 == "uncached" {printf "uncached/ceiling: %s (target >= 0.25, p99 <= 40ms)\n", $6}
     $1 == "signed-in" {printf "signed-in/ceiling: %s (target >= 0.5, p99 <= 25ms)\n", $6}
     $1 == "sale-product" {printf "sale product/ceiling: %s (target >= 0.5)\n", $6}' "$RESULTS"
