# Sourced by bench/chaos.sh and bench/load.sh: sets args=(...) for bench/*.py from a database name in $db.
case "$db" in
  embedded) args=() ;;
  h2)       args=(--db-url jdbc:h2:file:./data/vigil --db-driver org.h2.Driver --db-user sa) ;;
  jdbc:postgresql:*) args=(--db-url "$db" --db-driver org.postgresql.Driver --db-user "${VIGIL_DB_USER:-postgres}"
                           --db-password "${VIGIL_DB_PASSWORD:-}") ;;
  *) echo "database: \"$db\" (expected: embedded, h2 or jdbc:postgresql://...)" >&2; exit 2 ;;
esac
# A copy of the jar: a rebuild while the bench runs must not change the jar under it.
[ -f service/target/vigil.jar ] || mvn -B -ntp -q package -DskipTests
jar="$(mktemp -d)/vigil.jar"
cp service/target/vigil.jar "$jar"
