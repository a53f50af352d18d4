#!/usr/bin/env bash
# Live read + generate on a synthetic estate in the local MariaDB (10 databases × 1,000 tables ×
# 30 columns by default), timed side by side and alternating with mysqldump --no-data, the bare
# information_schema.COLUMNS query (the floor) and offline generation from a snapshot.
# Prints medians of RUNS runs, peak RSS and the server's Questions per smt-rs run.
#
# usage: bench/live.sh [RUNS] [DBS] [TABLES]      (the estate is created once and kept; set
#        BENCH_RECREATE=1 to rebuild it, BENCH_DROP=1 to drop it at the end)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}; DBS=${2:-10}; TABLES=${3:-1000}; COLS=30
bash scripts/ensure-mariadb.sh
cargo build --release --quiet
BIN=$PWD/target/release/smt-rs
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
SQL="mariadb -h127.0.0.1 -P3306 -uroot"
DUMP=$(command -v mariadb-dump || command -v mysqldump)
DBLIST=$(seq -f 'bench_%02g' 0 $((DBS - 1)) | tr '\n' ' ')
INLIST=$(printf "'%s'," $DBLIST); INLIST=${INLIST%,}

have=$($SQL -N -e "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ($INLIST)")
if [ "${BENCH_RECREATE:-0}" = 1 ] || [ "$have" != $((DBS * TABLES)) ]; then
  echo "creating $DBS × $TABLES × $COLS tables (once)…" >&2
  start=$(date +%s)
  python3 bench/synth.py ddl "$DBS" "$TABLES" "$COLS" | $SQL
  echo "created in $(( $(date +%s) - start )) s" >&2
fi

cat > "$WORK/config.conf" <<CONF
[db]
host = 127.0.0.1
port = 3306
user = root
password =
[other]
be_num = 3
[table-rule.1]
database = ^bench_[0-9]+\$
table = .*
flink.starrocks.jdbc-url = jdbc:mysql://127.0.0.1:9030
flink.starrocks.load-url = 127.0.0.1:8030
flink.starrocks.username = root
flink.starrocks.sink.properties.format = json
flink.cdc.server-id = 5400
CONF
"$BIN" -q -c "$WORK/config.conf" snapshot -o "$WORK/snapshot.json"

questions() { $SQL -N -e "SHOW GLOBAL STATUS LIKE 'Questions'" | cut -f2; }
declare -A T RSS
measure() { # name command...
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" > /dev/null
  read -r secs kb < "$WORK/time"
  T[$name]+="$secs "
  (( kb > ${RSS[$name]:-0} )) && RSS[$name]=$kb || true
}
q_total=0
for _ in $(seq "$RUNS"); do
  q0=$(questions)
  measure live "$BIN" -q -c "$WORK/config.conf" generate -o "$WORK/out" --summary json
  q1=$(questions); q_total=$(( q_total + q1 - q0 - 1 ))
  # shellcheck disable=SC2086
  measure mysqldump "$DUMP" -h127.0.0.1 -P3306 -uroot --no-data --skip-lock-tables --databases $DBLIST
  measure columns $SQL -N -e "SELECT * FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN ($INLIST)"
  measure offline "$BIN" -q -c "$WORK/config.conf" generate --schema "$WORK/snapshot.json" -o "$WORK/out2" --summary json
done
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '%-34s %-10s %-12s\n' "run ($DBS × $TABLES × $COLS, median of $RUNS)" seconds peak_rss_mb
for k in live mysqldump columns offline; do
  printf '%-34s %-10s %-12s\n' "$k" "$(median "${T[$k]}")" "$(( ${RSS[$k]} / 1024 ))"
done
live=$(median "${T[live]}"); dump=$(median "${T[mysqldump]}"); cols=$(median "${T[columns]}")
awk -v a="$live" -v b="$dump" -v c="$cols" 'BEGIN { printf "live/mysqldump = %.2f   live/COLUMNS = %.2f\n", a/b, a/c }'
echo "queries per smt-rs live run (server Questions, other clients included): $(( q_total / RUNS ))"
if [ "${BENCH_DROP:-0}" = 1 ]; then for d in $DBLIST; do $SQL -e "DROP DATABASE \`$d\`"; done; fi
