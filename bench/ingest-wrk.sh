#!/usr/bin/env bash
# Single-reading telemetry ingest as trackers send it (one POST per reading), driven by wrk, a load client in C
# in its own process, against the packaged service on a throw-away PostgreSQL. bench/ingest-throughput.sh runs
# its client inside the test JVM, beside the server: on 2 cores that client is the limit (~1,000 readings/s).
# Prints requests/s, latency, the service's CPU and checks that every answered reading was stored. Asserts
# nothing else.
#
#   ./mvnw -B package -DskipTests && bench/ingest-wrk.sh [target/quarkus-app/quarkus-run.jar | native runner]
# Needs wrk (apt-get install -y wrk) and Debian's PostgreSQL (apt-get install -y postgresql) or PG_BIN.
# Knobs: VEHICLES (100), CONNECTIONS (64), DURATION_SECONDS (20), WARMUP_SECONDS (10), SERVICE_JVM (-Xmx1g).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET=${1:-$ROOT/target/quarkus-app/quarkus-run.jar}
VEHICLES=${VEHICLES:-100}; CONNECTIONS=${CONNECTIONS:-64}; SECONDS_RUN=${DURATION_SECONDS:-20}; WARMUP=${WARMUP_SECONDS:-10}
command -v wrk >/dev/null || { echo "ingest-wrk: wrk is required (apt-get install -y wrk)" >&2; exit 1; }
WORK=$(mktemp -d)
APP_PID=""
log() { echo "ingest-wrk: $*" >&2; }
cleanup() {
    [[ -n $APP_PID ]] && kill "$APP_PID" 2>/dev/null || true
    [[ -n ${PG_CTL:-} ]] && "${PG_CTL[@]}" -D "$WORK/pgdata" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

start_postgres 100

# ---- One owner token (RS256, signed with openssl) ------------------------------------------------------
ISSUER=https://fleetpulse.invalid/issuer
make_keys
TOKEN=$(owner_token "$ISSUER" ingest-bench owner-1)

# ---- The service: migrate, then serve, in one process; no rate limits (the write path is measured) -------
PORT=$(free_port)
export QUARKUS_HTTP_PORT=$PORT MP_JWT_VERIFY_PUBLICKEY_LOCATION=$WORK/public.pem MP_JWT_VERIFY_ISSUER=$ISSUER
export QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:$PG_PORT/postgres
export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/postgres
export QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=unused QUARKUS_FLYWAY_MIGRATE_AT_START=true
export FLEETPULSE_SECURITY_RATE_LIMIT_WRITES_ENABLED=false FLEETPULSE_SECURITY_RATE_LIMIT_TELEMETRY_ENABLED=false
if [[ $TARGET == *.jar ]]; then CMD=(java ${SERVICE_JVM:--Xmx1g} -jar "$TARGET"); else CMD=("$TARGET"); fi
"${CMD[@]}" >"$WORK/service.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null || { tail -50 "$WORK/service.log"; exit 1; }
log "service ${CMD[*]} ready on $PORT (pid $APP_PID)"

# ---- One fleet, VEHICLES vehicles --------------------------------------------------------------------------
API=http://127.0.0.1:$PORT/api/owners/owner-1
post() { curl -fs -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$2" "$API$1"; }
id_of() { python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
FLEET=$(post /fleets '{"name":"ingest bench"}' | id_of)
for i in $(seq 1 "$VEHICLES"); do
    post "/fleets/$FLEET/vehicles" "{\"vin\":\"BENCH$(printf %012d "$i")\",\"make\":\"Volvo\",\"model\":\"FH\",\"year\":2022}" | id_of
done >"$WORK/vehicles.txt"

# ---- wrk: each request one reading of the next vehicle, round robin ------------------------------------
AT=$(date -u -d '-1 min' +%Y-%m-%dT%H:%M:%SZ)
cat >"$WORK/post.lua" <<LUA
local ids = {}
for line in io.lines("$WORK/vehicles.txt") do ids[#ids + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "/api/owners/owner-1/vehicles/" .. ids[(n % #ids) + 1] .. "/telemetry",
    { ["Authorization"] = "Bearer $TOKEN", ["Content-Type"] = "application/json" },
    '{"recordedAt":"$AT","lat":52.52,"lon":13.40,"speedKph":' .. (n % 120) .. '}')
end
LUA
cpu_ticks() { awk '{print $14 + $15}' "/proc/$APP_PID/stat"; }
answered() { awk '/requests in/ {print $1}'; }
WARM=$(wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$WORK/post.lua" "http://127.0.0.1:$PORT" | tee "$WORK/warmup.txt" | answered)
if grep -q "Non-2xx" "$WORK/warmup.txt"; then log "warm-up: $(grep Non-2xx "$WORK/warmup.txt")"; fi
T0=$(cpu_ticks)
wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency -s "$WORK/post.lua" "http://127.0.0.1:$PORT" >"$WORK/run.txt"
T1=$(cpu_ticks)
sleep 1 # the last answers of the run commit
MEASURED=$(answered <"$WORK/run.txt")
STORED=$("$BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT count(*) FROM telemetry_history" postgres)
echo "single readings, $VEHICLES vehicles, $CONNECTIONS connections, ${SECONDS_RUN} s after ${WARMUP} s of warm-up:"
grep -E "Requests/sec|Latency  |50%|90%|99%|Non-2xx|Socket errors" "$WORK/run.txt" | sed 's/^ */    /'
echo "    service CPU: $(( (T1 - T0) * 100 / (SECONDS_RUN * $(getconf CLK_TCK)) )) % of one core"
echo "    answered (warm-up + run): $((WARM + MEASURED)), stored readings: $STORED"
