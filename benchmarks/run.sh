#!/usr/bin/env bash
# Builds the benchmarks and runs the suite, then prints the Markdown tables of RESULTS.md.
#
#   benchmarks/run.sh            the full suite (about 13 minutes on 2 cores)
#   benchmarks/run.sh --quick    a smoke run: 1 KiB only, one short iteration each (about 4 minutes)
#   benchmarks/run.sh --profile  JFR on our RestClient hit (Redis and memory, 16 KiB): where the time goes,
#                                with the floor and the floor handed off to a pool thread as controls
#
# Phase 1 runs every scenario at 1 thread; phase 2 runs the RestClient hits, the floor, the Apache hit
# and the no-cache baseline at 8 threads. Each phase starts one embedded redis-server for its forks.
# Nothing is pinned by default: on our 2-core machine, `taskset -c 1` on the JVM made a memory-store
# hit 8x slower (JIT, GC and the benchmark thread share one CPU and the JVM sizes itself for one).
# BENCH_PIN=1 pins the JVM to CPU 1 and redis-server to CPU 0 anyway, for machines with cores to
# spare. Results land in benchmarks/target/results/.
# JMH options may be appended after the mode, e.g. `run.sh -- -p size=1024`.
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

echo "# Building (./mvnw -B -q -pl benchmarks -am package -Dmaven.test.skip=true)" >&2
./mvnw -B -q -pl benchmarks -am package -Dmaven.test.skip=true
mkdir -p "$out"
classpath="benchmarks/target/classes:$(cat benchmarks/target/benchmark-classpath.txt)"

pin=()
if [[ "${BENCH_PIN:-0}" == 1 ]] && command -v taskset >/dev/null 2>&1 && [[ "$(nproc)" -ge 2 ]]; then
	pin=(taskset -c 1)
	export BENCH_REDIS_CPU=0
fi

if [[ $mode == quick ]]; then
	timing=(-f 1 -wi 1 -w 500ms -i 1 -r 500ms -p size=1024)
elif [[ $mode == profile ]]; then
	timing=(-f 1 -wi 8 -w 500ms -i 10 -r 500ms -p size=16384)
else
	# 4 s of warm-up (a Redis hit through Spring settles after about 4 s of C2 compilation on 2 cores),
	# then 2.5 s measured in 5 samples.
	timing=(-f 1 -wi 8 -w 500ms -i 5 -r 500ms)
fi
# G1 explicitly, as on a server (pinned to one CPU the JVM would pick the serial collector).
jmh=("${timing[@]}" -prof gc -jvmArgs "-Xms1g -Xmx1g -XX:+UseG1GC" "$@")

# Trimmed to fit 15 minutes: 304 revalidation of ours on Redis only; 8 threads for a subset.
single='RedisGetFloorBenchmark\.lettuceGet$|SpringClientBenchmark\.(restClientHit|webClientHit|restTemplateHit|restClientMiss)$|NoCacheBenchmark|ApacheCacheBenchmark|OkHttpCacheBenchmark'
revalidate='SpringClientBenchmark\.restClientRevalidate$'
eight='RedisGetFloorBenchmark\.lettuceGet$|SpringClientBenchmark\.restClientHit$|ApacheCacheBenchmark\.hit$|NoCacheBenchmark'

run() {
	local name=$1 threads=$2 pattern=$3
	shift 3
	echo "# Phase $name: $threads thread(s), $pattern $*" >&2
	"${pin[@]}" "$java_cmd" -cp "$classpath" io.github.httpcache.benchmarks.BenchmarkMain "${jmh[@]}" \
		"$@" -t "$threads" -rf csv -rff "$out/results-$name.csv" "$pattern" >"$out/jmh-$name.log" 2>&1 || {
		echo "JMH failed in phase $name; see $out/jmh-$name.log" >&2
		return 1
	}
	grep -E '^# Run complete|<failure>|Exception:' "$out/jmh-$name.log" | sort | uniq -c >&2 || true
}

if [[ $mode == profile ]]; then
	rm -rf "$out/jfr"
	"${pin[@]}" "$java_cmd" -cp "$classpath" io.github.httpcache.benchmarks.BenchmarkMain "${timing[@]}" \
		-jvmArgs "-Xms1g -Xmx1g -XX:+UseG1GC" -prof "jfr:dir=$out/jfr;stackDepth=256" "$@" \
		'SpringClientBenchmark\.restClientHit$|RedisGetFloorBenchmark' >"$out/jmh-profile.log" 2>&1
	grep -E '^(SpringClientBenchmark|RedisGetFloorBenchmark)' "$out/jmh-profile.log"
	for recording in "$out"/jfr/*restClientHit*/profile.jfr; do
		echo
		echo "## $(basename "$(dirname "$recording")")"
		"$java_cmd" -cp "$classpath" io.github.httpcache.benchmarks.JfrSummary "$recording" 15
	done | tee "$out/profile.md"
	exit 0
fi

start=$(date +%s)
run t1 1 "$single"
run t1-revalidate 1 "$revalidate" -p store=REDIS
run t8 8 "$eight"
echo "# Suite took $(( $(date +%s) - start )) s" >&2

"$java_cmd" -cp "$classpath" io.github.httpcache.benchmarks.ResultsTable "$out/results-t1.csv" "$out/results-t1-revalidate.csv" \
	"$out/results-t8.csv" \
	| tee "$out/results.md"
