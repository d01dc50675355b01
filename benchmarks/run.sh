#!/usr/bin/env bash
# Builds the benchmarks and runs the suite, then prints the Markdown tables of RESULTS.md.
#
#   benchmarks/run.sh            the full suite (about 12 minutes on 2 cores)
#   benchmarks/run.sh --quick    a smoke run: 1 KiB only, one short iteration each (about 4 minutes)
#   benchmarks/run.sh --profile  JFR on our RestClient hit (Redis and memory, 16 KiB): where the time goes
#
# Phase 1 runs every scenario at 1 thread; phase 2 runs the hits, the floor and the no-cache baseline
# at 8 threads. Each phase starts one embedded redis-server for its forks. Where taskset exists and
# the machine has 2 or more CPUs, the JVM (client, origin and cache) runs on CPU 1 and redis-server
# on CPU 0, so the two sides never compete for a core. Results land in benchmarks/target/results/.
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
if command -v taskset >/dev/null 2>&1 && [[ "$(nproc)" -ge 2 ]]; then
	pin=(taskset -c 1)
	export BENCH_REDIS_CPU=0
fi

if [[ $mode == quick ]]; then
	timing=(-f 1 -wi 1 -w 500ms -i 1 -r 500ms -p size=1024)
elif [[ $mode == profile ]]; then
	timing=(-f 1 -wi 3 -w 1s -i 5 -r 1s -p size=16384)
else
	# 2 s of warm-up, then 3 s measured in 6 samples: more samples narrow the 99.9% interval.
	timing=(-f 1 -wi 4 -w 500ms -i 6 -r 500ms)
fi
# G1 explicitly: pinned to one CPU, the JVM would otherwise pick the serial collector.
jmh=("${timing[@]}" -prof gc -jvmArgs "-Xms1g -Xmx1g -XX:+UseG1GC" "$@")

single='io\.github\.httpcache\.benchmarks\..*Benchmark\.'
eight='RedisGetFloorBenchmark|SpringClientBenchmark\.(restClientHit|webClientHit)$|ApacheCacheBenchmark\.hit$|OkHttpCacheBenchmark\.hit$|NoCacheBenchmark'

run() {
	local threads=$1 pattern=$2
	echo "# Phase: $threads thread(s)" >&2
	"${pin[@]}" "$java_cmd" -cp "$classpath" io.github.httpcache.benchmarks.BenchmarkMain "${jmh[@]}" \
		-t "$threads" -rf csv -rff "$out/results-t$threads.csv" "$pattern" >"$out/jmh-t$threads.log" 2>&1 || {
		echo "JMH failed at $threads thread(s); see $out/jmh-t$threads.log" >&2
		return 1
	}
	grep -E '^# Run complete|<failure>|Exception:' "$out/jmh-t$threads.log" | sort | uniq -c >&2 || true
}

if [[ $mode == profile ]]; then
	rm -rf "$out/jfr"
	"${pin[@]}" "$java_cmd" -cp "$classpath" io.github.httpcache.benchmarks.BenchmarkMain "${timing[@]}" \
		-jvmArgs "-Xms1g -Xmx1g -XX:+UseG1GC" -prof "jfr:dir=$out/jfr;stackDepth=256" "$@" \
		'SpringClientBenchmark\.restClientHit$' >"$out/jmh-profile.log" 2>&1
	grep -E '^SpringClientBenchmark' "$out/jmh-profile.log"
	for recording in "$out"/jfr/*/profile.jfr; do
		echo
		echo "## $(basename "$(dirname "$recording")")"
		"$java_cmd" -cp "$classpath" io.github.httpcache.benchmarks.JfrSummary "$recording" 15
	done | tee "$out/profile.md"
	exit 0
fi

start=$(date +%s)
run 1 "$single"
run 8 "$eight"
echo "# Suite took $(( $(date +%s) - start )) s" >&2

"$java_cmd" -cp "$classpath" io.github.httpcache.benchmarks.ResultsTable "$out/results-t1.csv" "$out/results-t8.csv" \
	| tee "$out/results.md"
