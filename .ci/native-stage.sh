#!/usr/bin/env bash
# Native CI stage: builds the native executable with the GraalVM stand-in from ../shared/native-toolchain,
# runs the black-box *IT suite against it (unit tests already ran in the JVM stage: surefire is skipped;
# the lifecycle ITs MigrateStepIT, OldSchemaReadinessIT and ShutdownIT launch the binary themselves, see
# it/PackagedApp), then scripts/smoke.sh on the binary (migrate step, startup, RSS idle and with 1,000
# sockets, SIGTERM -> exit; it fails on functional failures only, the numbers are printed). Without the kit it says so and succeeds: the project itself does
# not depend on it.
#
# Knobs: TEMURIN_HOME (default /usr/lib/jvm/temurin-25-jdk-amd64), NI_XMX (builder heap, default 8g),
#        NATIVE_STAGE_SKIP_SMOKE=1.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KIT="$ROOT/../shared/native-toolchain/setup.sh"
cd "$ROOT"

if [[ ! -f $KIT ]]; then
    echo "native-stage: NOTICE: $KIT not found; skipping the native build, native ITs and native smoke test." >&2
    exit 0
fi

TEMURIN_HOME=${TEMURIN_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export TEMURIN_HOME
# A builder heap of 8 GB keeps the peak around 9 GB, leaving room for other builds on a 2-core/24 GB box.
export NI_XMX=${NI_XMX:-8g}

echo "native-stage: setting up the GraalVM stand-in" >&2
# setup.sh prints exactly one line, GRAALVM_HOME=<dir>; it may be read-only in CI (bash runs it).
GRAALVM_LINE=$(bash "$KIT")
[[ $GRAALVM_LINE == GRAALVM_HOME=* ]] || { echo "native-stage: unexpected setup.sh output: $GRAALVM_LINE" >&2; exit 1; }
export GRAALVM_HOME=${GRAALVM_LINE#GRAALVM_HOME=}

echo "native-stage: native build + *IT suite against the binary" >&2
start=$(date +%s)
JAVA_HOME=$TEMURIN_HOME ./mvnw -B verify -Dnative -Dskip.surefire=true -Dquarkus.native.graalvm-home="$GRAALVM_HOME"
echo "native-stage: build and ITs took $(( $(date +%s) - start )) s" >&2

RUNNER=$(ls target/*-runner 2>/dev/null | head -n 1 || true)
[[ -n $RUNNER && -x $RUNNER ]] || { echo "native-stage: no native executable in target/" >&2; exit 1; }
echo "native-stage: executable $(( $(stat -c %s "$RUNNER") / 1048576 )) MiB: $RUNNER" >&2

if [[ ${NATIVE_STAGE_SKIP_SMOKE:-0} != 1 ]]; then
    echo "native-stage: smoke test of $RUNNER" >&2
    scripts/smoke.sh "$RUNNER"
fi
echo "native-stage: OK" >&2
