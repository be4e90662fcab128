#!/usr/bin/env bash
# The server's real work on rules: the jar as a process, scraping a generated exporter (about 70,500 series) every
# 15 s and evaluating one rule file of 1,000 rules (100 per-service groups of recording and alerting rules, and a
# fleet-wide group) every 15 s, for the given minutes after a warm-up. Prints its CPU per minute, the summed duration
# of one round of groups, peak RSS, scrape regularity and its answers: bench/vs-prometheus.sh without Prometheus.
# Figures: docs/benchmarks.md. Usage: bench/rules.sh [minutes=3] [heap=384m] [warm-up minutes=3] [busy loops=0]
set -euo pipefail
cd "$(dirname "$0")/.."
jar=service/target/vigil.jar
[ -f "$jar" ] || { echo "build first: mvn -B -ntp -q package -DskipTests" >&2; exit 2; }
exec python3 bench/vs_prometheus.py --jar "$jar" --without-prometheus --minutes "${1:-3}" --heap "${2:-384m}" \
    --warmup "${3:-3}" --saturate "${4:-0}"
