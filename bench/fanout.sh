#!/usr/bin/env bash
# Fan-out and write-path benchmark, side by side in one run on this machine: the packaged service and the
# raw Vert.x reference with one PostgreSQL commit per write (../shared/perf: perf.Baseline, and its load
# client perf.FanoutBench), on one throw-away PostgreSQL. Prints the sweep table (delivered/expected,
# lost, duplicated, p50/p99, msgs/s, CPU and RSS of each side) and the idle sequential-create latency of
# both. Asserts nothing.
#
#   ./mvnw -B package -DskipTests && bench/fanout.sh [target/quarkus-app/quarkus-run.jar | native runner]
# Knobs: PERF (the perf kit, default ../shared/perf), OWNERS (1000), SIZE (10000:1000), RATES_BASE,
#        RATES_TARGET, SECONDS_PER_RATE (see the kit's sweep.sh), SERVICE_JVM (-Xmx1g), PG_BIN,
#        STEPS (default "latency memory sweep": any of them, in that order), LATENCY_WARMUP (15000
#        creates each), LATENCY_ROUNDS (5).
#        SERVICE_JVM="-Xmx1g -XX:NativeMemoryTracking=summary" adds the JVM's native memory breakdown;
#        HISTOGRAM_OUT=file keeps the service's whole class histogram (with the sockets open).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PERF=$(cd "${PERF:-$ROOT/../shared/perf}" && pwd)
TARGET=${1:-$ROOT/target/quarkus-app/quarkus-run.jar}
OWNERS=${OWNERS:-1000}
export SIZE=${SIZE:-10000:$OWNERS}
log() { echo "fanout: $*" >&2; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
bench_scratch # WORK, PIDS (killed on exit) and the PostgreSQL started here, stopped on exit

start_postgres 300

# ---- Keys and one owner token per owner (RS256, signed with openssl) ---------------------------------
ISSUER=https://fleetpulse.invalid/issuer
make_keys
for i in $(seq 0 $((OWNERS - 1))); do
    echo "owner-$i $(owner_token "$ISSUER" "bench-$i" "owner-$i")"
done >"$WORK/tokens.txt"
log "$OWNERS tokens minted"

# ---- The service ---------------------------------------------------------------------------------------
PORT=$(free_port)
export QUARKUS_HTTP_PORT=$PORT MP_JWT_VERIFY_PUBLICKEY_LOCATION=$WORK/public.pem MP_JWT_VERIFY_ISSUER=$ISSUER
export QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:$PG_PORT/postgres
export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/postgres
export QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=unused QUARKUS_FLYWAY_MIGRATE_AT_START=true
# The write path is measured, not the per-user limiter (idle-latency.py sends 300 creates with one token).
export FLEETPULSE_SECURITY_RATE_LIMIT_WRITES_ENABLED=false
ulimit -n "$(ulimit -Hn)"
if [[ $TARGET == *.jar ]]; then CMD=(java ${SERVICE_JVM:--Xmx1g} -jar "$TARGET"); else CMD=("$TARGET"); fi
"${CMD[@]}" >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!; PIDS+=("$SERVICE_PID")
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null || { tail -50 "$WORK/service.log"; exit 1; }
log "service ${CMD[*]} ready on $PORT (pid $SERVICE_PID)"

# ---- Idle sequential creates: the reference with one commit per write, then the service --------------
PERF_DIR=$PERF
if [[ ! -w $PERF_DIR ]]; then cp -r "$PERF" "$WORK/perf"; PERF_DIR=$WORK/perf; fi # a read-only kit
if [[ ! -f $PERF_DIR/target/ws-fanout-perf.jar ]]; then
    (cd "$PERF_DIR" && { mvn -q -B -o package -DskipTests >/dev/null 2>&1 || mvn -q -B package -DskipTests >/dev/null; })
fi
BL_PORT=$(free_port)
java -Xmx1g -cp "$PERF_DIR/target/ws-fanout-perf.jar" perf.Baseline --port "$BL_PORT" --host 127.0.0.1 \
    --pg "postgresql://postgres@127.0.0.1:$PG_PORT/postgres" >"$WORK/baseline.log" 2>&1 &
BL_PID=$!; PIDS+=("$BL_PID")
for _ in $(seq 1 100); do grep -qs BASELINE_READY "$WORK/baseline.log" && break; sleep 0.1; done
TOKEN0=$(head -1 "$WORK/tokens.txt" | cut -d' ' -f2)
STEPS=${STEPS:-latency memory sweep}
if [[ $STEPS == *latency* ]]; then
    # First the cold figure (a freshly started JVM: the first few hundred requests run interpreted code), then the
    # same warm-up for both (LATENCY_WARMUP sequential creates each, another owner, not measured; a serving replica
    # runs JIT-compiled code), then LATENCY_ROUNDS rounds that alternate the two servers, so that a burst of
    # load from other processes on this shared machine falls on both, and the median p50 of each with its ratio.
    echo "cold: baseline-db $(python3 "$PERF_DIR/idle-latency.py" "http://127.0.0.1:$BL_PORT" owner-0 x 300)"
    echo "cold: fleetpulse  $(python3 "$PERF_DIR/idle-latency.py" "http://127.0.0.1:$PORT" owner-0 "$TOKEN0" 300)"
    WARM=${LATENCY_WARMUP:-15000}
    if [[ $WARM -gt 0 ]]; then
        TOKEN1=$(sed -n 2p "$WORK/tokens.txt" | cut -d' ' -f2)
        python3 "$PERF_DIR/idle-latency.py" "http://127.0.0.1:$BL_PORT" owner-1 x "$WARM" >/dev/null
        python3 "$PERF_DIR/idle-latency.py" "http://127.0.0.1:$PORT" owner-1 "$TOKEN1" "$WARM" >/dev/null
        log "both warmed with $WARM sequential creates each"
    fi
    for round in $(seq 1 "${LATENCY_ROUNDS:-5}"); do
        echo "warm $round: baseline-db $(python3 "$PERF_DIR/idle-latency.py" "http://127.0.0.1:$BL_PORT" owner-0 x 300)"
        echo "warm $round: fleetpulse  $(python3 "$PERF_DIR/idle-latency.py" "http://127.0.0.1:$PORT" owner-0 "$TOKEN0" 300)"
    done | tee "$WORK/latency.txt"
    python3 - "$WORK/latency.txt" <<'PY'
import re, statistics, sys
p50 = {"baseline-db": [], "fleetpulse": []}
for line in open(sys.argv[1]):
    m = re.match(r"warm \d+: (\S+)\s+idle create: p50 ([\d.]+) ms", line)
    if m:
        p50[m.group(1)].append(float(m.group(2)))
b, f = statistics.median(p50["baseline-db"]), statistics.median(p50["fleetpulse"])
print(f"warm idle create, median p50 of {len(p50['fleetpulse'])} rounds: baseline-db {b:.2f} ms, "
      f"fleetpulse {f:.2f} ms, ratio {f / b:.2f}")
PY
fi
kill "$BL_PID"; wait "$BL_PID" 2>/dev/null || true

# ---- Memory with idle sockets: the raw reference (no DB) and the service, same sockets, same client -------
rss_after_connect() { # $1 url, $2 server pid, $3 label: FanoutBench opens the sockets, then a trickle of writes
    java -Xmx1g -cp "$PERF_DIR/target/ws-fanout-perf.jar" perf.FanoutBench --url "$1" --connections "${SIZE%%:*}" \
        --owners "${SIZE##*:}" --writes 200 --rate 20 --warmup-s 0 --drain-s 2 --token-file "$WORK/tokens.txt" \
        --server-pid "$2" --label "$3" 2>"$WORK/$3.err" | grep '^RESULT_JSON' | sed 's/^RESULT_JSON //' >"$WORK/$3.json" || true
    python3 - "$WORK/$3.json" "$3" <<'PY' || { echo "$3: no result"; tail -5 "$WORK/$3.err"; }
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]:<11} {r['open']} sockets open: RSS after connect {r['serverRssAfterConnectMB']:.0f} MB, "
      f"peak {r['serverRssPeakMB']:.0f} MB, connect failures {r['connectFailed']}")
PY
}
if [[ $STEPS == *memory* ]]; then
    java -Xmx1g -cp "$PERF_DIR/target/ws-fanout-perf.jar" perf.Baseline --port "$BL_PORT" --host 127.0.0.1 \
        >"$WORK/baseline-raw.log" 2>&1 &
    RAW_PID=$!; PIDS+=("$RAW_PID")
    for _ in $(seq 1 100); do grep -qs BASELINE_READY "$WORK/baseline-raw.log" && break; sleep 0.1; done
    rss_after_connect "http://127.0.0.1:$BL_PORT" "$RAW_PID" baseline
    kill "$RAW_PID"; wait "$RAW_PID" 2>/dev/null || true
    # While the service holds the sockets: its heap after a full GC and, with NMT on, its native memory.
    ( want=${SIZE%%:*}
      for _ in $(seq 1 600); do
          n=$(curl -fs "http://127.0.0.1:$PORT/q/metrics" | awk '/^fleetpulse_websocket_connections[{ ]/ {s += $NF} END {print int(s)}')
          [[ ${n:-0} -ge $want ]] && break; sleep 0.2
      done
      jcmd "$SERVICE_PID" GC.run >/dev/null 2>&1
      jcmd "$SERVICE_PID" GC.heap_info 2>/dev/null | grep -E 'garbage-first heap|used' | head -2 >"$WORK/heap.txt"
      jcmd "$SERVICE_PID" GC.class_histogram 2>/dev/null >"$WORK/histogram.txt"
      jcmd "$SERVICE_PID" VM.native_memory summary 2>/dev/null | grep -E '^Total|^-' | head -12 >"$WORK/nmt.txt" ) &
    PROBE=$!
    rss_after_connect "http://127.0.0.1:$PORT" "$SERVICE_PID" fleetpulse
    wait "$PROBE" 2>/dev/null || true
    echo "fleetpulse heap with the sockets open, after a full GC:"; sed 's/^/    /' "$WORK/heap.txt"
    echo "fleetpulse largest classes on the heap:"; sed -n 1,18p "$WORK/histogram.txt" | sed 's/^/    /'
    [[ -n ${HISTOGRAM_OUT:-} ]] && cp "$WORK/histogram.txt" "$HISTOGRAM_OUT"
    [[ -s $WORK/nmt.txt ]] && { echo "fleetpulse native memory (NMT, committed):"; sed 's/^/    /' "$WORK/nmt.txt"; }
fi
[[ $STEPS == *sweep* ]] || exit 0

# ---- The sweep: both servers over several write rates ----------------------------------------------------
BASELINE_PG=postgresql://postgres@127.0.0.1:$PG_PORT/postgres PG_PID=$PG_PID TARGET_URL=http://127.0.0.1:$PORT \
    TOKEN_FILE=$WORK/tokens.txt TARGET_PID=$SERVICE_PID "$PERF_DIR/sweep.sh"
