#!/usr/bin/env bash
# Two builds under the same load at the same time, each with its own embedded PostgreSQL and fake Slack on the same
# cores: the way to see a difference between them on a machine whose speed drifts (docs/benchmarks.md).
# Usage: bench/load-pair.sh A.jar B.jar [clients each=16] [seconds=60]
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: bench/load-pair.sh A.jar B.jar [clients each=16] [seconds=60]" >&2; exit 2; }
a="$1" b="$2" clients="${3:-16}" seconds="${4:-60}"
for jar in "$a" "$b"; do
    [ -f "$jar" ] || { echo "bench/load-pair.sh: no such jar: $jar" >&2; exit 2; }
done
out=$(mktemp -d)
# A fixed warm-up, so that both measure the same seconds. Each gets about half the machine, so the targets line of
# each does not apply: compare the two.
python3 bench/load.py --jar "$a" --clients "$clients" --seconds "$seconds" --warmup 15 > "$out/a" 2>&1 & pa=$!
python3 bench/load.py --jar "$b" --clients "$clients" --seconds "$seconds" --warmup 15 > "$out/b" 2>&1 & pb=$!
wait "$pa" || true
wait "$pb" || true
echo "== A: $a"; cat "$out/a"
echo "== B: $b"; cat "$out/b"
rm -rf "$out"
