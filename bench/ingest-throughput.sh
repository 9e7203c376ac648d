#!/usr/bin/env bash
# Telemetry ingest throughput: single readings and 1,000-reading batches over real HTTP into the embedded
# PostgreSQL the tests use. Prints "BENCH ..." lines; asserts nothing. Run one Maven build at a time.
# Tunables (-D...): bench.vehicles, bench.singles, bench.singleConcurrency, bench.batches, bench.batchSize,
# bench.batchConcurrency. Example: bench/ingest-throughput.sh -Dbench.singles=10000
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test -Dgroups=benchmark -DexcludedGroups= -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest='io.fleetpulse.telemetry.TelemetryIngestBenchmark' "$@" 2>&1 | grep -E '^BENCH|ERROR|FAIL' || true
