#!/usr/bin/env bash
# Builds the sample with Spring AOT (spring-boot:process-aot, Maven profile 'aot'), starts the jar with
# -Dspring.aot.enabled=true and checks that RestClient, RestTemplate and WebClient each get a cache hit
# on their second call and that the actuator endpoint answers. Exits non-zero on any failure.
# Usage: sample-app/aot-smoke.sh [extra Maven arguments, e.g. -o]
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-18089}"
./mvnw -B -q -pl sample-app -am -Paot -DskipTests package "$@"
JAR=$(ls sample-app/target/sample-app-*.jar | grep -v original | head -1)
test -d sample-app/target/spring-aot/main/sources || { echo "process-aot did not run"; exit 1; }
LOG=sample-app/target/aot-smoke.log
java -Dspring.aot.enabled=true -jar "$JAR" --server.port="$PORT" --sample.history.interval=1h >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  grep -q "Started SampleApplication" "$LOG" && break
  kill -0 $PID 2>/dev/null || { cat "$LOG"; echo "the application exited"; exit 1; }
  sleep 1
done
grep -q "Started SampleApplication" "$LOG" || { tail -50 "$LOG"; echo "no start within 120 s"; exit 1; }
grep -q "Starting AOT-processed SampleApplication" "$LOG" || { echo "the application did not start from the AOT artifacts"; exit 1; }
for client in rest-client rest-template web-client; do
  curl -sf "http://127.0.0.1:$PORT/demo/$client/max-age" >/dev/null
  second=$(curl -sf "http://127.0.0.1:$PORT/demo/$client/max-age")
  echo "$client second call: $second"
  echo "$second" | grep -q 'hit' || { echo "$client: no cache hit under AOT"; exit 1; }
done
curl -sf "http://127.0.0.1:$PORT/actuator/httpcache" | head -c 300; echo
echo "AOT smoke run passed: $(grep -o 'Started SampleApplication in [0-9.]* seconds' "$LOG")"
