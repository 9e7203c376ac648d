# Shared by the bench scripts (sourced, not run): a throw-away PostgreSQL and RS256 tokens signed with openssl.
# The caller sets WORK (a fresh temporary directory) and log(), and stops the server in its own cleanup with
# "${PG_CTL[@]}" -D "$WORK/pgdata" -m fast stop.

# bench_scratch: a fresh $WORK and a $PIDS list; on exit every process in PIDS is killed, the PostgreSQL of
# start_postgres stopped and WORK removed.
bench_scratch() {
    WORK=$(mktemp -d)
    PIDS=()
    trap bench_cleanup EXIT
}
bench_cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    [[ -n ${PG_CTL:-} ]] && "${PG_CTL[@]}" -D "$WORK/pgdata" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_postgres MAX_CONNECTIONS: Debian's PostgreSQL (or PG_BIN) on loopback, as an unprivileged user when root.
# Sets BIN, PG_PORT, PG_CTL and PG_PID.
start_postgres() {
    BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
    [[ -x $BIN/initdb ]] || { log "no PostgreSQL: apt-get install -y postgresql, or set PG_BIN"; exit 1; }
    local run_as=()
    if [[ $(id -u) -eq 0 ]]; then run_as=(setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups --); fi
    mkdir -p "$WORK/pgdata"; chmod 700 "$WORK/pgdata"; [[ ${#run_as[@]} -gt 0 ]] && chown nobody "$WORK/pgdata"
    chmod 755 "$WORK"
    PG_PORT=$(free_port)
    PG_CTL=("${run_as[@]}" "$BIN/pg_ctl")
    "${run_as[@]}" "$BIN/initdb" -D "$WORK/pgdata" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
    "${PG_CTL[@]}" -D "$WORK/pgdata" -l "$WORK/pgdata/server.log" -w -o "-c listen_addresses=127.0.0.1 -p $PG_PORT \
        -c unix_socket_directories='$WORK/pgdata' -c max_connections=$1" start >/dev/null
    PG_PID=$(head -1 "$WORK/pgdata/postmaster.pid")
    log "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (pid $PG_PID)"
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# make_keys: an RSA key pair in $WORK/key.pem and $WORK/public.pem (the service verifies with the public one).
make_keys() {
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/key.pem" 2>/dev/null
    openssl pkey -in "$WORK/key.pem" -pubout -out "$WORK/public.pem"
}

# owner_token ISSUER SUBJECT OWNER_ID: an owner's RS256 token, valid for two hours.
owner_token() {
    local now header claims
    now=$(date +%s)
    header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
    claims=$(printf '{"iss":"%s","sub":"%s","groups":["owner"],"owner_id":"%s","aud":"fleetpulse-api","iat":%d,"exp":%d}' \
        "$1" "$2" "$3" "$now" $((now + 7200)) | b64url)
    echo "$header.$claims.$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha256 -sign "$WORK/key.pem" -binary | b64url)"
}
