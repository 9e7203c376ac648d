#!/usr/bin/env bash
# Cross-replica delivery: two replica processes of the packaged service on one throw-away PostgreSQL.
# Sequential creates go to replica A; the sockets that receive them are on replica B (and, for comparison,
# on A itself). For each number of B's sockets per owner it prints the latency from the POST on A to the
# receipt on B (p50/p90/p99/max), what was missing, doubled or out of order, replica B's CPU per write, and
# B's reads of the change log per write (its counter fleetpulse.feed.log.reads), which must not grow with
# the sockets per owner (counted from after the connects to after the writes; the CPU too, so it
# includes closing the sockets): B reads each owner's log once per change, not once per socket.
# Asserts nothing.
#
#   ./mvnw -B package -DskipTests && (cd src/test/js && npm ci) && bench/replica-latency.sh [runner jar | native]
# Knobs: OWNERS (10), PER_OWNER ("1 10 40"; at most 50: the per-subject socket cap), WRITES (300), WARMUP_WRITES (2000), SERVICE_JVM (-Xmx1g), PG_BIN.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET=${1:-$ROOT/target/quarkus-app/quarkus-run.jar}
OWNERS=${OWNERS:-10}
WRITES=${WRITES:-300}
log() { echo "replica-latency: $*" >&2; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
bench_scratch # WORK, PIDS (killed on exit) and the PostgreSQL started here, stopped on exit
[[ -d $ROOT/src/test/js/node_modules/ws ]] || (cd "$ROOT/src/test/js" && npm ci --silent >/dev/null)

start_postgres 100
ISSUER=https://fleetpulse.invalid/issuer
make_keys
for i in $(seq 0 $((OWNERS - 1))); do echo "owner-$i $(owner_token "$ISSUER" "bench-$i" "owner-$i")"; done >"$WORK/tokens.txt"

export MP_JWT_VERIFY_PUBLICKEY_LOCATION=$WORK/public.pem MP_JWT_VERIFY_ISSUER=$ISSUER
export QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:$PG_PORT/postgres
export QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=unused
export FLEETPULSE_SECURITY_RATE_LIMIT_WRITES_ENABLED=false
if [[ $TARGET == *.jar ]]; then CMD=(java ${SERVICE_JVM:--Xmx1g} -jar "$TARGET"); else CMD=("$TARGET"); fi
QUARKUS_PROFILE=migrate QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/postgres \
    "${CMD[@]}" >"$WORK/migrate.log" 2>&1 || { tail -20 "$WORK/migrate.log"; exit 1; }
start_replica() { # $1 name: sets the named variables <name>_PORT and <name>_PID
    local port; port=$(free_port)
    QUARKUS_HTTP_PORT=$port "${CMD[@]}" >"$WORK/$1.log" 2>&1 &
    PIDS+=("$!"); printf -v "$1_PID" %s "$!"; printf -v "$1_PORT" %s "$port"
    for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null && return; sleep 0.1; done
    tail -30 "$WORK/$1.log"; exit 1
}
start_replica A
start_replica B
log "replica A on $A_PORT (pid $A_PID), replica B on $B_PORT (pid $B_PID), PostgreSQL on $PG_PORT"
A=http://127.0.0.1:$A_PORT B=http://127.0.0.1:$B_PORT
cpu_ms() { awk '{print ($14 + $15) * 10}' "/proc/$1/stat"; }
# The fan-out's reads of the change log on the sockets' replica (its counter fleetpulse.feed.log.reads).
log_reads() { curl -fs "$1/q/metrics" | awk '/^fleetpulse_feed_log_reads_total/ {print int($NF)}'; }

# Warm-up, not measured: both replicas run the write path, the fan-out and the LISTEN path JIT-compiled.
node "$ROOT/bench/replica-latency.mjs" "$A" "$B" "$WORK/tokens.txt" "$OWNERS" 2 "${WARMUP_WRITES:-2000}" >/dev/null
node "$ROOT/bench/replica-latency.mjs" "$B" "$A" "$WORK/tokens.txt" "$OWNERS" 2 "${WARMUP_WRITES:-2000}" >/dev/null
log "warmed"

printf '%-9s | %-9s | %-23s | %-29s | %-16s | %s\n' "sockets on" "per owner" "receipts (miss/dup/ooo)" \
    "p50 / p90 / p99 / max ms" "CPU ms per write" "change-log reads per write"
measure() { # $1 label, $2 url of the sockets' replica, $3 its pid, $4 sockets per owner
    local c0 r0 c1 r1 node_pid
    rm -f "$WORK/ready" "$WORK/go" "$WORK/out.json"
    READY_FILE=$WORK/ready GO_FILE=$WORK/go node "$ROOT/bench/replica-latency.mjs" "$A" "$2" "$WORK/tokens.txt" \
        "$OWNERS" "$4" "$WRITES" >"$WORK/out.json" &
    node_pid=$!
    for _ in $(seq 1 600); do [[ -f $WORK/ready ]] && break; sleep 0.1; done
    # The counters are taken between the connects (each subscription reads the log once) and the writes.
    c0=$(cpu_ms "$3"); r0=$(log_reads "$2")
    touch "$WORK/go"
    wait "$node_pid"
    c1=$(cpu_ms "$3"); r1=$(log_reads "$2")
    python3 - "$1" "$4" "$(cat "$WORK/out.json")" "$((c1 - c0))" "$((r1 - r0))" "$WRITES" <<'PY'
import json, sys
label, per, r, cpu, reads, writes = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
print(f"{label:<10} | {per:<9} | " + f"{r['receipts']} ({r['missing']}/{r['duplicated']}/{r['outOfOrder']})".ljust(23)
      + " | " + f"{r['p50']} / {r['p90']} / {r['p99']} / {r['max']}".ljust(29)
      + " | " + f"{cpu / writes:.2f}".ljust(16) + f" | {reads / writes:.2f}")
PY
}
for per in ${PER_OWNER:-1 10 40}; do measure "B" "$B" "$B_PID" "$per"; done
measure "A (same)" "$A" "$A_PID" 10
