#!/usr/bin/env bash
# Change feed latency: REST write response -> WebSocket receipt of its event, over a few hundred writes
# against the embedded PostgreSQL the tests use. Prints median/p95/max; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test -Dgroups=benchmark -DexcludedGroups= -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest='io.fleetpulse.bench.FeedLatencyBenchmark' "$@" 2>&1 | grep -E 'over [0-9]+ events|ERROR|FAIL' || true
