#!/usr/bin/env bash
# The issue-5 benchmark, one command: a synthetic estate in the local MariaDB (10 databases ×
# 1,000 tables × 30 columns, plus one of 100 tables), and at 100 / 1,000 / 10,000 tables
# (`benchs_00`, `bench_00`, `bench_00`…`bench_09`), alternating within each
# run: (a) `smt-rs generate` against the server, (b) `mysqldump --no-data` of the same tables,
# (c) the bare information_schema.COLUMNS query over them (the floor: reading the columns at all)
# and (d) `smt-rs generate --schema` from a snapshot of them. Prints medians of RUNS runs, the
# ratios, peak RSS (GNU time) and the server's `Questions` per smt-rs run.
#
# usage: bench/live.sh [RUNS]      (the estate is created once and kept; BENCH_RECREATE=1
#        rebuilds it, BENCH_DROP=1 drops it at the end, BENCH_SCALES="10000" picks the sizes)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}; DBS=10; TABLES=1000; COLS=30
SCALES=${BENCH_SCALES:-"100 1000 10000"}
bash scripts/ensure-mariadb.sh
cargo build --release --quiet
BIN=$PWD/target/release/smt-rs
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
SQL="mariadb -h127.0.0.1 -P3306 -uroot"
DUMP=$(command -v mariadb-dump || command -v mysqldump)
ALL_DBS=$(seq -f 'bench_%02g' 0 $((DBS - 1)) | tr '\n' ' ')
quoted() { local out; out=$(printf "'%s'," "$@"); echo "${out%,}"; }

have=$($SQL -N -e "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ($(quoted $ALL_DBS))")
if [ "${BENCH_RECREATE:-0}" = 1 ] || [ "$have" != $((DBS * TABLES)) ]; then
  echo "creating $DBS × $TABLES × $COLS tables (once)…" >&2
  start=$(date +%s)
  python3 bench/synth.py ddl "$DBS" "$TABLES" "$COLS" | $SQL
  echo "created in $(( $(date +%s) - start )) s" >&2
fi
small=$($SQL -N -e "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'benchs_00'")
if [ "${BENCH_RECREATE:-0}" = 1 ] || [ "$small" != 100 ]; then
  python3 bench/synth.py ddl 1 100 "$COLS" benchs_ | $SQL
fi

# One scale: the rule's regexes, mysqldump's arguments and the COLUMNS query's WHERE, all
# naming the same tables.
setup_scale() {
  local n=$1
  case $n in
    100)
      RULE_DB='^benchs_00$'; RULE_TABLE='.*'
      DUMP_ARGS="--databases benchs_00"; WHERE="TABLE_SCHEMA IN ('benchs_00')" ;;
    1000)
      RULE_DB='^bench_00$'; RULE_TABLE='.*'
      DUMP_ARGS="--databases bench_00"; WHERE="TABLE_SCHEMA IN ('bench_00')" ;;
    10000)
      RULE_DB='^bench_[0-9]+$'; RULE_TABLE='.*'
      DUMP_ARGS="--databases $ALL_DBS"; WHERE="TABLE_SCHEMA IN ($(quoted $ALL_DBS))" ;;
    *) echo "unknown scale $n (100, 1000 or 10000)" >&2; exit 2 ;;
  esac
  cat > "$WORK/config.conf" <<CONF
[db]
host = 127.0.0.1
port = 3306
user = root
password =
[other]
be_num = 3
[table-rule.1]
database = $RULE_DB
table = $RULE_TABLE
flink.starrocks.jdbc-url = jdbc:mysql://127.0.0.1:9030
flink.starrocks.load-url = 127.0.0.1:8030
flink.starrocks.username = root
flink.starrocks.sink.properties.format = json
flink.cdc.server-id = 5400
CONF
  "$BIN" -q -c "$WORK/config.conf" snapshot -o "$WORK/snapshot.json"
}

questions() { $SQL -N -e "SHOW GLOBAL STATUS LIKE 'Questions'" | cut -f2; }
declare -A T RSS
measure() { # key command...
  local key=$1; shift
  /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" > /dev/null
  local secs kb; read -r secs kb < "$WORK/time"
  T[$key]+="$secs "
  (( kb > ${RSS[$key]:-0} )) && RSS[$key]=$kb || true
}
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-7s %-8s %-10s %-9s %-9s %-10s %-13s %-11s %-12s %-13s %s\n' tables live_s mysqldump_s columns_s \
  offline_s live/dump live/columns offline_t/s live_rss_mb offline_rss_mb queries/run
for n in $SCALES; do
  setup_scale "$n"
  q_total=0
  for _ in $(seq "$RUNS"); do
    q0=$(questions)
    measure "live$n" "$BIN" -q -c "$WORK/config.conf" generate -o "$WORK/out" --summary json
    q1=$(questions); q_total=$(( q_total + q1 - q0 - 1 ))
    # shellcheck disable=SC2086
    measure "dump$n" "$DUMP" -h127.0.0.1 -P3306 -uroot --no-data --skip-lock-tables $DUMP_ARGS
    measure "cols$n" $SQL -N -e "SELECT * FROM information_schema.COLUMNS WHERE $WHERE"
    measure "offline$n" "$BIN" -q -c "$WORK/config.conf" generate --schema "$WORK/snapshot.json" -o "$WORK/out2" --summary json
  done
  live=$(median "${T[live$n]}"); dump=$(median "${T[dump$n]}"); cols=$(median "${T[cols$n]}")
  off=$(median "${T[offline$n]}")
  awk -v n="$n" -v a="$live" -v b="$dump" -v c="$cols" -v d="$off" -v ra="${RSS[live$n]}" \
    -v rd="${RSS[offline$n]}" -v q="$(( q_total / RUNS ))" 'BEGIN {
      printf "%-7s %-8s %-10s %-9s %-9s %-10.2f %-13.2f %-11.0f %-12d %-13d %s\n",
        n, a, b, c, d, a / b, a / c, (d > 0 ? n / d : 0), ra / 1024, rd / 1024, q }'
done
if [ "${BENCH_DROP:-0}" = 1 ]; then for d in $ALL_DBS benchs_00; do $SQL -e "DROP DATABASE \`$d\`"; done; fi
