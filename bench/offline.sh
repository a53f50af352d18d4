#!/usr/bin/env bash
# Offline generation throughput: `smt-rs generate --schema` on synthetic snapshots of
# 100 / 1,000 / 10,000 tables × 30 columns. Prints wall time (median of RUNS), tables per second
# and peak RSS (GNU time). Usage: bench/offline.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
cargo build --release --quiet
BIN=target/release/smt-rs
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }

cat > "$WORK/config.conf" <<'CONF'
[db]
host = 127.0.0.1
[other]
be_num = 3
[table-rule.1]
database = ^bench_
table = .*
flink.starrocks.jdbc-url = jdbc:mysql://127.0.0.1:9030
flink.starrocks.load-url = 127.0.0.1:8030
flink.starrocks.username = root
flink.starrocks.sink.properties.format = json
flink.cdc.server-id = 5400
CONF

printf '%-8s %-10s %-12s %-14s %-12s %s\n' tables snapshot median_s tables_per_s peak_rss_mb output_mb
for shape in "1 100" "1 1000" "10 1000"; do
  set -- $shape
  n=$(( $1 * $2 ))
  snap="$WORK/snap_$n.json"
  python3 bench/synth.py snapshot "$1" "$2" 30 > "$snap"
  times=(); rss=0
  for _ in $(seq "$RUNS"); do
    "$TIME" -f '%e %M' -o "$WORK/time" "$BIN" -q -c "$WORK/config.conf" generate \
      --schema "$snap" -o "$WORK/out" --summary json > /dev/null
    read -r secs kb < "$WORK/time"
    times+=("$secs"); (( kb > rss )) && rss=$kb
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  tps=$(awk -v n="$n" -v s="$median" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
  printf '%-8s %-10s %-12s %-14s %-12s %s\n' "$n" "$(( $(stat -c %s "$snap") / 1048576 ))MB" "$median" "$tps" \
    "$(( rss / 1024 ))" "$(( $(du -sk "$WORK/out" | cut -f1) / 1024 ))"
done
