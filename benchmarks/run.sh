#!/usr/bin/env bash
# Builds the benchmarks, runs the whole matrix of issue 15 in one go and prints RESULTS.md-ready
# Markdown (the run's commit, machine and timing, then the target ratios and the raw tables).
#
#   benchmarks/run.sh            the full matrix: 1, 16 and 256 KiB, 1 and 8 threads, RestClient,
#                                RestTemplate and WebClient (about 15 minutes on 2 cores, build included);
#                                writes the tables into benchmarks/RESULTS.md between its markers
#   benchmarks/run.sh --quick    the same matrix at 1 KiB only with short iterations (about 4 minutes);
#                                checks the harness, its numbers are not for the record; RESULTS.md untouched
#   benchmarks/run.sh --profile  JFR on the RestClient hit (Redis and memory, 16 KiB) and the GET floor
#
# What one run measures (see RESULTS.md, "Method"): per client, a hit on Redis and on the memory store,
# a miss that stores (Redis), a 304 revalidation (Redis) and the same client without the cache; and
# the peers: one Lettuce GET and one SET of the same bytes, Apache HttpClient 5's cache hit and 304.
#
# Shape of the run. JMH runs in-process (-f 0): one JVM per client and thread count runs that
# client's 15 trials in sequence (4 scenarios x sizes, hits on 2 stores), and one JVM runs the peers'
# 12: 8 JVMs in all instead of 114 forks, each of which would pay a JVM and Spring start. Each trial
# starts its own origin; a JVM starts one Spring context per store and shares it among its trials.
#
# Pinning (1-thread phase only). redis-server starts pinned to CPU $BENCH_PIN_CPU (default: the last
# CPU); each trial warms up on every CPU, moves the whole JVM (taskset -a -p, from a JMH
# @Setup(Level.Iteration)) onto that CPU at its last warm-up iteration, is measured there alongside
# Redis and the origin (a server inside the JVM), and moves back at its end. The 8-thread phase pins
# nothing. BENCH_PIN=0 turns pinning off.
#
# Extra JMH options may follow the mode after `--`, e.g. `run.sh --quick -- -p size=16384`.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
if [[ "${1:-}" == "--quick" || "${1:-}" == "--profile" ]]; then
	mode=${1#--}
	shift
fi
[[ "${1:-}" == "--" ]] && shift

out=benchmarks/target/results
java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
started=$(date +%s)
started_at=$(date -u '+%Y-%m-%d %H:%M UTC')
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

echo "# Building (./mvnw -B -q -pl benchmarks -am package -Dmaven.test.skip=true)" >&2
./mvnw -B -q -pl benchmarks -am package -Dmaven.test.skip=true
rm -rf "$out"
mkdir -p "$out"
classpath="benchmarks/target/classes:$(cat benchmarks/target/benchmark-classpath.txt)"

pin_cpu=""
if [[ "${BENCH_PIN:-1}" != 0 ]] && command -v taskset >/dev/null 2>&1 && [[ "$(nproc)" -ge 2 ]]; then
	pin_cpu=${BENCH_PIN_CPU:-$(( $(nproc) - 1 ))}
fi

case $mode in
	quick)
		timing=(-wi 2 -w 400ms -i 2 -r 400ms -p size=1024)
		prime=1000
		;;
	profile)
		timing=(-wi 6 -w 600ms -i 10 -r 500ms -p size=16384)
		prime=3000
		;;
	*)
		# Per trial: 5 x 600 ms warm-up (the last one pinned) and 4 x 500 ms measured; the first trial
		# of each JVM first runs its call for 8 s more, unmeasured (the later ones find it compiled).
		timing=(-wi 5 -w 600ms -i 4 -r 500ms)
		# 8 s, not 3: WebClient's path was still compiling after 3 s (its first trial's iterations kept
		# falling, 158 us/op recorded at 1 KiB against 18-25 us once warm).
		prime=8000
		;;
esac
# G1 and a fixed heap, as on a server; the JVM starts on every CPU, so it sizes itself for them.
jvm=(-Xms1g -Xmx1g -XX:+UseG1GC "-Dhttpcache.bench.prime-millis=$prime")

if [[ $mode == profile ]]; then
	mkdir -p "$out/jfr"
	BENCH_PIN_CPU="$pin_cpu" "$java_cmd" "${jvm[@]}" -cp "$classpath" io.github.httpcache.benchmarks.BenchmarkMain \
		-f 1 -jvmArgs "${jvm[*]}" "${timing[@]}" -prof "jfr:dir=$out/jfr;stackDepth=256" -p client=REST_CLIENT "$@" \
		'HitBenchmark\.hit$|RedisFloorBenchmark\.(get|getHandedOff)$' >"$out/jmh-profile.log" 2>&1
	grep -E '^(HitBenchmark|RedisFloorBenchmark)' "$out/jmh-profile.log"
	for recording in "$out"/jfr/*HitBenchmark*/profile.jfr; do
		echo
		echo "## $(basename "$(dirname "$recording")")"
		"$java_cmd" -cp "$classpath" io.github.httpcache.benchmarks.JfrSummary "$recording" 15
	done | tee "$out/profile.md"
	exit 0
fi

peers='RedisFloorBenchmark\.(get|set)$|ApacheCacheBenchmark\.(hit|revalidate)$'
ours='(HitBenchmark\.hit|MissBenchmark\.missAndStore|RevalidateBenchmark\.revalidate304|NoCacheBenchmark\.origin)$'

# run NAME THREADS PATTERN [JMH options...]: one JVM, its trials in sequence, results in results-NAME.csv.
run() {
	local name=$1 threads=$2 pattern=$3
	shift 3
	local cpu=""
	[[ $threads == 1 ]] && cpu=$pin_cpu
	local phase_start=$(date +%s)
	echo "# $name: $threads thread(s)${cpu:+, measured on CPU $cpu}" >&2
	BENCH_PIN_CPU="$cpu" "$java_cmd" "${jvm[@]}" -cp "$classpath" io.github.httpcache.benchmarks.BenchmarkMain \
		-f 0 "${timing[@]}" -prof gc -t "$threads" -rf csv -rff "$out/results-$name.csv" "$@" "$pattern" \
		>"$out/jmh-$name.log" 2>&1 || {
		echo "JMH failed in $name; see $out/jmh-$name.log" >&2
		tail -20 "$out/jmh-$name.log" >&2
		return 1
	}
	echo "#   $(( $(date +%s) - phase_start )) s" >&2
}

for threads in 1 8; do
	run "peers-t$threads" "$threads" "$peers" "$@"
	for client in REST_CLIENT REST_TEMPLATE WEB_CLIENT; do
		run "$(tr 'A-Z_' 'a-z-' <<<"$client")-t$threads" "$threads" "$ours" -p "client=$client" "$@"
	done
done

took=$(( $(date +%s) - started ))
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
trials_t1=$(cat "$out"/results-*-t1.csv | grep -cv -e '^"Benchmark"' -e ':gc\.' -e '^$' || true)
pins=$(cat "$out"/jmh-*-t1.log | grep -o '\[pinning\] JVM moved' | wc -l)
# A trial that fails (its fixture, or an exception while measured) leaves its cells empty; name them.
failures=$(for log in "$out"/jmh-*.log; do
	awk -v name="$(basename "$log" .log | sed "s/^jmh-//")" '/^# Benchmark: /{b=$3} /^# Parameters: /{p=$0; sub(/^# Parameters: /,"",p)} /<failure>/{f=1; next} f && /Exception/{sub(/^[^:]*: /,""); print "- " name ": " b " " p ": " $0; f=0}' "$log"
done)
redis_version=$(grep -h -m1 '^# redis-server [0-9]' "$out"/jmh-peers-t1.log | cut -d' ' -f3 || true)
commit=$(git rev-parse --short HEAD)
branch=$(git rev-parse --abbrev-ref HEAD)
dirty=""
git diff --quiet HEAD -- . 2>/dev/null || dirty=" plus uncommitted changes"
cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)

{
	echo "<!-- run.sh:results:start (written by benchmarks/run.sh; everything up to the end marker is replaced on the next full run) -->"
	echo
	echo "## The run"
	echo
	echo "- **Commit:** \`$commit\` on \`$branch\`$dirty."
	echo "- **Command:** \`benchmarks/run.sh$( [[ $mode == quick ]] && echo ' --quick')$( (( $# )) && printf ' -- %s' "$*")\`, started $started_at, took $(( took / 60 )) min $(( took % 60 )) s with the build."
	echo "- **Machine:** $(nproc) CPUs ($cpu_model), Linux $(uname -r); load average $load_start at the start, $load_end at the end (other work on the machine shows here)."
	echo "- **Software:** $("$java_cmd" -version 2>&1 | head -1 | tr -d '"'), G1, 1 GiB heap; redis-server ${redis_version:-?} (embedded-redis), \`save \"\"\`, \`appendonly no\`; JMH 1.37."
	echo "- **Timing:** \`${timing[*]}\`, JMH in-process (\`-f 0\`), one JVM per client and thread count; the first trial of each JVM first runs ${prime} ms unmeasured."
	if [[ -n $pin_cpu ]]; then
		echo "- **Pinning:** 1 thread: warm-up on every CPU, the last warm-up and all measured iterations on CPU $pin_cpu with redis-server and the origin ($pins of $trials_t1 trials moved); 8 threads: nothing pinned."
	else
		echo "- **Pinning:** none (BENCH_PIN=0, no taskset or one CPU)."
	fi
	if [[ -n $failures ]]; then
		echo "- **Failed trials** (their cells show –):"
		echo "$failures" | sed 's/io\.github\.httpcache\.benchmarks\.//' | sed 's/^/  /'
	fi
	"$java_cmd" -cp "$classpath" io.github.httpcache.benchmarks.ResultsTable "$out"/results-*.csv
	echo
	echo "<!-- run.sh:results:end -->"
} >"$out/results.md"

cat "$out/results.md"
echo "# Suite took $took s; Markdown in $out/results.md" >&2
if [[ $mode == full && -z ${BENCH_NO_WRITE:-} ]]; then
	python3 - "$out/results.md" benchmarks/RESULTS.md <<'PY'
import re, sys
block = open(sys.argv[1]).read().strip()
target = sys.argv[2]
text = open(target).read()
pattern = re.compile(r"<!-- run\.sh:results:start.*?<!-- run\.sh:results:end -->", re.S)
if pattern.search(text):
    text = pattern.sub(lambda m: block, text)
else:
    text = text.rstrip() + "\n\n" + block + "\n"
open(target, "w").write(text)
PY
	echo "# benchmarks/RESULTS.md updated between its run.sh markers" >&2
fi
