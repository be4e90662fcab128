#!/usr/bin/env bash
# The engine alone, in-process: one evaluation round of 1,000 alerting rules over 100,000 series, and the memory
# held per series (for quick A/B of engine changes; bench/rules.sh measures the server).
# Figures and how to read them: docs/benchmarks.md. Usage: bench/engine.sh [rounds=10] [samples per series=240]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -pl service
CP="service/target/classes:service/target/test-classes:$(cat service/target/bench.classpath)"
exec java -Xms4g -Xmx4g -XX:+UseG1GC -cp "$CP" dev.vigil.bench.RuleEvaluationBench "${1:-10}" "${2:-240}"
