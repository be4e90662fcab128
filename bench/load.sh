#!/usr/bin/env bash
# 32 clients for 60 s against a real Vigil process on loopback, with a fake Slack: requests/s, latency,
# page delay after the 200, and what was lost, after the JIT has settled (the cold first minute printed apart).
# Figures and targets: docs/benchmarks.md.
# Usage: bench/load.sh [clients=32] [seconds=60] [embedded|h2|JDBC-URL]
set -euo pipefail
cd "$(dirname "$0")/.."
clients="${1:-32}"
seconds="${2:-60}"
db="${3:-embedded}"
. bench/database-args.sh
exec python3 bench/load.py --jar "$jar" --clients "$clients" --seconds "$seconds" "${args[@]}"
