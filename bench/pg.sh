#!/usr/bin/env bash
# The PostgreSQL benchmark, one command: a synthetic estate in the local PostgreSQL (database
# `smt_bench_pg`: 10 schemas × 1,000 tables × 30 columns; `smt_bench_pg_1000`: 1 × 1,000;
# `smt_bench_pg_100`: 1 × 100), and at 100 / 1,000 / 10,000 tables, alternating within each run:
# (a) `smt-rs generate` against the server, (b) `pg_dump --schema-only` of the same schemas,
# (c) the bare pg_catalog query of their columns through `psql` (name, type, NOT NULL: the floor,
# reading the columns at all) and (d) `smt-rs generate --schema` from a snapshot of them
# (`smt-rs snapshot`, taken once per scale). Prints medians of RUNS runs, the ratios and peak RSS
# (GNU time). A failing smt-rs run (a build without the PostgreSQL reader) is reported as such and
# the other figures are still printed.
#
# usage: bench/pg.sh [RUNS]      (the estate is created once and kept; BENCH_RECREATE=1
#        rebuilds it, BENCH_DROP=1 drops it at the end, BENCH_SCALES="10000" picks the sizes)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}; COLS=30
SCALES=${BENCH_SCALES:-"100 1000 10000"}
HOST=127.0.0.1; PORT=5432; PGUSER_=postgres
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }
for n in $SCALES; do
  case $n in 100|1000|10000) ;; *) echo "unknown scale $n (100, 1000 or 10000)" >&2; exit 2 ;; esac
done
if [ -f scripts/ensure-postgres.sh ]; then bash scripts/ensure-postgres.sh; fi
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$PORT" -U "$PGUSER_")
"${PSQL[@]}" -d postgres -Atc 'SELECT 1' > /dev/null \
  || { echo "PostgreSQL does not answer on $HOST:$PORT as $PGUSER_ without a password" >&2; exit 1; }
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT

BIN=$PWD/target/release/smt-rs
SMT_OK=1
if ! cargo build --release --quiet; then
  echo "cargo build failed: the smt-rs columns are marked failed" >&2; SMT_OK=0
fi

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
# The database, its schema count and tables per schema, for one scale.
scale_db() {
  case $1 in
    100) echo "smt_bench_pg_100 1 100" ;;
    1000) echo "smt_bench_pg_1000 1 1000" ;;
    10000) echo "smt_bench_pg 10 1000" ;;
  esac
}

# Create DB with SCHEMAS × TABLES tables once. The database's comment records the md5 of the DDL
# it was loaded from, written last (after ANALYZE): a changed generator or an interrupted load
# makes it differ, and the database is then dropped and loaded again.
ensure_estate() {
  local db=$1 schemas=$2 tables=$3 ddl="$WORK/$1.sql" marker have count start t_load t_analyze
  python3 bench/synth.py pgddl "$schemas" "$tables" "$COLS" > "$ddl"
  marker="bench/synth.py pgddl $schemas $tables $COLS: $(md5sum < "$ddl" | cut -d' ' -f1)"
  have=$("${PSQL[@]}" -d postgres -Atc \
    "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$db'")
  count=0
  if [ -n "$have" ]; then
    count=$("${PSQL[@]}" -d "$db" -Atc "SELECT count(*) FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname LIKE 'bench\_%' AND c.relkind = 'r'")
  fi
  if [ "${BENCH_RECREATE:-0}" != 1 ] && [ "$have" = "$marker" ] && [ "$count" = $((schemas * tables)) ]; then
    return 0
  fi
  echo "creating $db: $schemas × $tables × $COLS tables (once)…" >&2
  PGOPTIONS='-c client_min_messages=warning' "${PSQL[@]}" -d postgres \
    -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" -c "CREATE DATABASE \"$db\""
  start=$(now)
  "${PSQL[@]}" -d "$db" -f "$ddl"
  t_load=$(since "$start")
  # Autovacuum is off on some machines (this one): without ANALYZE, reltuples stays -1 (never analysed).
  start=$(now)
  "${PSQL[@]}" -d "$db" -c ANALYZE
  t_analyze=$(since "$start")
  "${PSQL[@]}" -d postgres -c "COMMENT ON DATABASE \"$db\" IS '$marker'"
  echo "created $db: $((schemas * tables)) tables loaded in $t_load s, ANALYZE $t_analyze s," \
    "$("${PSQL[@]}" -d "$db" -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))") on disk" >&2
}

# One scale: the database, the config (the rule names that database and its bench_ schemas),
# and the snapshot for the offline runs.
setup_scale() {
  local n=$1
  read -r DB SCHEMAS TABLES < <(scale_db "$n")
  ensure_estate "$DB" "$SCHEMAS" "$TABLES"
  cat > "$WORK/config.conf" <<CONF
[db]
type = pgsql
host = $HOST
port = $PORT
user = $PGUSER_
password =
database = postgres
[other]
be_num = 3
[table-rule.1]
database = ^$DB\$
schema = ^bench_
table = .*
flink.starrocks.jdbc-url = jdbc:mysql://127.0.0.1:9030
flink.starrocks.load-url = 127.0.0.1:8030
flink.starrocks.username = root
flink.starrocks.sink.properties.format = json
CONF
  rm -f "$WORK/snapshot.json"
  if [ "$SMT_OK" = 1 ] && ! "$BIN" -q -c "$WORK/config.conf" snapshot -o "$WORK/snapshot.json" 2> "$WORK/err"; then
    FAIL[snapshot$n]=$(grep -m1 . "$WORK/err" || echo "exit status non-zero, no message")
    rm -f "$WORK/snapshot.json"
  fi
}

declare -A T RSS FAIL
# key command...: wall time and peak RSS of one run; a failing run is remembered (first line of
# its stderr), not timed.
measure() {
  local key=$1; shift
  if /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" > /dev/null 2> "$WORK/err"; then
    local secs kb; read -r secs kb < "$WORK/time"
    T[$key]+="$secs "
    if (( kb > ${RSS[$key]:-0} )); then RSS[$key]=$kb; fi
  else
    FAIL[$key]=$(grep -v -m1 '^Command exited with non-zero status' "$WORK/err" || echo "exit status non-zero, no message")
  fi
}
# shellcheck disable=SC2086  # $1 is the space-separated list of times
median() { [ -n "$1" ] || { echo failed; return; }; printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "failed" || b == "failed" || b == 0) print "-"; else printf "%.2f", a / b }'; }
mb() { if [ -n "$1" ]; then echo $(( $1 / 1024 )); else echo failed; fi; }

FLOOR="SELECT n.nspname, c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname LIKE 'bench\\_%' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped"

ROWS=()
for n in $SCALES; do
  setup_scale "$n"
  echo "measuring $n tables ($DB), $RUNS runs…" >&2
  for _ in $(seq "$RUNS"); do
    # A fresh output directory each run: generation is timed, not the replacement of the last one.
    rm -rf "$WORK/out" "$WORK/out2"
    if [ "$SMT_OK" = 1 ]; then
      measure "live$n" "$BIN" -q -c "$WORK/config.conf" generate -o "$WORK/out" --summary json
    fi
    measure "dump$n" pg_dump --schema-only -h "$HOST" -p "$PORT" -U "$PGUSER_" -d "$DB" -n 'bench_*' -f /dev/null
    measure "cat$n" "${PSQL[@]}" -d "$DB" -At -c "$FLOOR"
    if [ -f "$WORK/snapshot.json" ]; then
      measure "offline$n" "$BIN" -q -c "$WORK/config.conf" generate --schema "$WORK/snapshot.json" -o "$WORK/out2" --summary json
    fi
  done
  if [ "$SMT_OK" != 1 ]; then FAIL[live$n]="cargo build failed"; FAIL[offline$n]="cargo build failed"; fi
  if [ -n "${FAIL[snapshot$n]:-}" ]; then FAIL[offline$n]="snapshot failed: ${FAIL[snapshot$n]}"; fi
  for k in "live$n" "offline$n" "dump$n" "cat$n"; do
    # A command that failed in some runs but not all still shows its median, and the failure here.
    if [ -n "${FAIL[$k]:-}" ]; then echo "FAILED ${k%"$n"} at $n tables: ${FAIL[$k]}" >&2; fi
  done
  live=$(median "${T[live$n]:-}"); dump=$(median "${T[dump$n]:-}"); cat=$(median "${T[cat$n]:-}")
  off=$(median "${T[offline$n]:-}")
  ROWS+=("$(printf '%-7s %-8s %-10s %-10s %-10s %-10s %-13s %-12s %-15s %s' "$n" "$live" "$dump" "$cat" "$off" \
    "$(ratio "$live" "$dump")" "$(ratio "$live" "$cat")" "$(mb "${RSS[live$n]:-}")" "$(mb "${RSS[offline$n]:-}")" \
    "$(mb "${RSS[dump$n]:-}")")")
  if [ "$n" = 10000 ]; then LIVE10K=$live; DUMP10K=$dump; RSS10K=${RSS[live$n]:-}; fi
done

printf '%-7s %-8s %-10s %-10s %-10s %-10s %-13s %-12s %-15s %s\n' tables live_s pg_dump_s catalog_s \
  offline_s live/dump live/catalog live_rss_mb offline_rss_mb pg_dump_rss_mb
printf '%s\n' "${ROWS[@]}"
if [ -n "${LIVE10K:-}" ]; then
  if [ "$LIVE10K" = failed ]; then
    echo "targets at 10,000 tables (live ≤ 0.3 × pg_dump, peak RSS ≤ 200 MB): not measured, smt-rs failed"
  else
    awk -v a="$LIVE10K" -v b="$DUMP10K" -v r="$RSS10K" 'BEGIN {
      printf "targets at 10,000 tables: live/pg_dump %.2f (≤ 0.3: %s), live peak RSS %d MB (≤ 200: %s)\n",
        a / b, (a / b <= 0.3 ? "met" : "NOT met"), r / 1024, (r / 1024 <= 200 ? "met" : "NOT met") }'
  fi
fi
if [ "${BENCH_DROP:-0}" = 1 ]; then
  for n in $SCALES; do
    read -r DB _ < <(scale_db "$n")
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)"
  done
fi
