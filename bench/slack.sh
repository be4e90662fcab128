#!/usr/bin/env bash
# A click on a page's button to Slack receiving the chat.update that shows it: p50/p99 over 1,000 clicks against
# WireMock as Slack, the real application on the embedded PostgreSQL. Figures: docs/benchmarks.md.
# Usage: bench/slack.sh [clicks=1000] [ms between clicks=60]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -pl service
CP="service/target/classes:service/target/test-classes:$(cat service/target/bench.classpath)"
exec java -Xms512m -Xmx512m -XX:+UseG1GC -cp "$CP" dev.vigil.bench.SlackClickBench "${1:-1000}" "${2:-60}"
