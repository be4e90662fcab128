#!/usr/bin/env bash
# Vigil beside Debian's Prometheus 2.42 on the same exporter and rule file (docs/benchmarks.md).
# Usage: bench/vs-prometheus.sh [minutes=5] [vigil heap=1g] [warm-up minutes=6] [busy loops while measuring=0] [instances per service=50]
# (needs: apt-get install -y prometheus; mvn package)
set -euo pipefail
cd "$(dirname "$0")/.."
jar=service/target/vigil.jar
[ -f "$jar" ] || { echo "build first: mvn -B -ntp -q package -DskipTests" >&2; exit 2; }
command -v prometheus >/dev/null || { echo "prometheus not found: apt-get install -y prometheus" >&2; exit 2; }
exec python3 bench/vs_prometheus.py --jar "$jar" --minutes "${1:-5}" --heap "${2:-1g}" --warmup "${3:-6}" --saturate "${4:-0}" --instances "${5:-50}"
