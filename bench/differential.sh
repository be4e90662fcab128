#!/usr/bin/env bash
# Random PromQL cases against promtool 2.42 (Debian's prometheus package) as the oracle: each generated test file is
# run by promtool and by vigil test-rules, and every file whose merged output differs is printed with the diff.
# Usage: bench/differential.sh [seed=1] [files=20] [cases per file=200]   (after mvn package; docs/rules.md)
set -euo pipefail
cd "$(dirname "$0")/.."
seed="${1:-1}"; files="${2:-20}"; cases="${3:-200}"
jar=service/target/vigil.jar
[ -f "$jar" ] && [ -d service/target/test-classes ] || { echo "build first: mvn -B -ntp -q package -DskipTests && mvn -q test-compile" >&2; exit 2; }
command -v promtool >/dev/null || { echo "promtool not found: apt-get install -y prometheus" >&2; exit 2; }
dir=$(mktemp -d)
java -cp service/target/test-classes dev.vigil.rule.PromqlCaseGenerator "$dir" "$seed" "$files" "$cases" > "$dir/files"
differ=0
while read -r f; do
  (cd "$dir" && promtool test rules "$f" > "$f.promtool" 2>&1 || true)
  (cd "$dir" && java -jar "$OLDPWD/$jar" test-rules "$f" > "$f.vigil" 2>&1 || true)
  if ! cmp -s "$dir/$f.promtool" "$dir/$f.vigil"; then
    differ=$((differ + 1)); echo "== $f differs:"; diff "$dir/$f.promtool" "$dir/$f.vigil" | head -40 || true
  fi
done < "$dir/files"
echo "differential: seed $seed, $files files of $cases cases: $differ files differ (cases in $dir)"
[ "$differ" -eq 0 ]
