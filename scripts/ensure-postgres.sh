#!/usr/bin/env bash
# Make sure a PostgreSQL answers queries on 127.0.0.1:5432 as user postgres without a password:
# use the running one; start it if installed but stopped; install it with apt-get if missing;
# trust loopback connections if pg_hba.conf asks for a password.
# Exits non-zero (never silently) when that is impossible.
set -euo pipefail

HOST=127.0.0.1
PORT=5432
log() { echo "ensure-postgres: $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

# A real query over TCP (-w: never prompt): pg_isready also succeeds when the login is refused.
can_query() {
  PGCONNECT_TIMEOUT=2 psql -X -w -h "$HOST" -p "$PORT" -U postgres -d postgres -Atqc 'SELECT 1' \
    >/dev/null 2>&1
}
# The server process answers at all (even "password authentication failed" counts).
running() { pg_isready -q -h "$HOST" -p "$PORT" -t 2 >/dev/null 2>&1; }
# The version of the existing cluster, else of the installed server binaries.
version() {
  local d
  for d in /etc/postgresql/*/main /usr/lib/postgresql/*/bin/postgres; do
    [ -e "$d" ] && { d=${d#*/postgresql/}; echo "${d%%/*}"; return 0; }
  done
  return 1
}
# Containers refuse service starts through systemd/policy-rc.d, so drive pg_ctl directly.
ctl() { as_root pg_ctlcluster --skip-systemctl-redirect "$v" main "$@"; }
# pg_hba.conf is first-match: put the trust lines above Debian's peer/scram-sha-256 defaults.
trust_loopback() {
  local hba="/etc/postgresql/$v/main/pg_hba.conf" tmp
  as_root grep -q '^# ensure-postgres' "$hba" && return 0
  log "trusting loopback connections in $hba"
  tmp=$(mktemp)
  { printf '%s\n' '# ensure-postgres: trust loopback connections (test machines only)' \
      'local all all trust' 'host all all 127.0.0.1/32 trust' 'host all all ::1/128 trust' \
      'host replication all 127.0.0.1/32 trust'
    as_root cat "$hba"; } >"$tmp"
  as_root install -m 640 -o postgres -g postgres "$tmp" "$hba"
  rm -f "$tmp"
}

if can_query; then log "PostgreSQL answers on $HOST:$PORT"; exit 0; fi

fresh=
if [ ! -d /etc/postgresql ] && ! command -v pg_ctlcluster >/dev/null 2>&1; then
  log "PostgreSQL is not installed; installing it with apt-get"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-client >/dev/null
  fresh=1
fi
v=$(version) || { log "no PostgreSQL server found under /usr/lib/postgresql"; exit 1; }
if [ ! -d "/etc/postgresql/$v/main" ]; then
  log "creating cluster $v/main"
  as_root pg_createcluster -p "$PORT" "$v" main >/dev/null
  fresh=1
fi
if [ -n "$fresh" ]; then
  as_root pg_conftool "$v" main set listen_addresses "$HOST"
  as_root pg_conftool "$v" main set port "$PORT"
  trust_loopback
fi

if ! running; then
  log "starting PostgreSQL $v/main"
  ctl start || true
  for _ in $(seq 1 60); do running && break; sleep 1; done
  running || { log "PostgreSQL $v/main did not start within 60 s (see /var/log/postgresql/postgresql-$v-main.log)"; exit 1; }
fi

if ! can_query; then
  trust_loopback
  ctl reload
fi
for _ in $(seq 1 30); do
  if can_query; then log "PostgreSQL answers on $HOST:$PORT"; exit 0; fi
  sleep 1
done
log "PostgreSQL runs but user postgres cannot query over TCP at $HOST:$PORT without a password"
exit 1
