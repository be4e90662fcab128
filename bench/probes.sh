#!/usr/bin/env bash
# 5,000 probe runs a minute (http and tcp) against a local target, on the machine's cores, for a few minutes:
# how late each run started after its due time (p50/p99/max), runs missed, runs expected against runs made.
# Figures and targets: docs/benchmarks.md. Usage: bench/probes.sh [minutes=3] [per-minute=5000]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-3}"
per_minute="${2:-5000}"
db=embedded
. bench/database-args.sh
exec python3 bench/probes.py --jar "$jar" --minutes "$minutes" --per-minute "$per_minute"
