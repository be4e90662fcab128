#!/usr/bin/env bash
# kill -9 loop against a real Vigil process on loopback: lost writes, lost, late and duplicated pages.
# Usage: bench/chaos.sh [kills=100] [embedded|h2|JDBC-URL]
#   embedded  the default database, the embedded PostgreSQL (a fresh data directory)
#   h2        an H2 file (to see why it is not the default)
#   JDBC-URL  your own PostgreSQL, e.g. jdbc:postgresql://localhost/vigil_chaos (VIGIL_DB_USER, VIGIL_DB_PASSWORD)
# Prints the figures docs/operations.md quotes; exits 1 if a write or page was lost or a page was late.
set -euo pipefail
cd "$(dirname "$0")/.."
kills="${1:-100}"
db="${2:-embedded}"
. bench/database-args.sh
exec python3 bench/chaos.py --jar "$jar" --kills "$kills" "${args[@]}"
