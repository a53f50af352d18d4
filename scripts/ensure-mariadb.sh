#!/usr/bin/env bash
# Make sure a MariaDB answers queries on 127.0.0.1:3306 as root with an empty password:
# use the running one; start it if installed but stopped; install it with apt-get if missing;
# let root in over TCP if a fresh install only allows the unix socket.
# Exits non-zero (never silently) when that is impossible.
set -euo pipefail

HOST=127.0.0.1
PORT=3306
log() { echo "ensure-mariadb: $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
client() { command -v mariadb || command -v mysql; }
admin() { command -v mariadb-admin || command -v mysqladmin; }

# A real query over TCP: `ping` also succeeds when the login is refused.
can_query() {
  local c; c=$(client 2>/dev/null) || return 1
  "$c" -h"$HOST" -P"$PORT" -uroot --connect-timeout=2 -e "SELECT 1" >/dev/null 2>&1
}
# The server process answers at all (even "access denied" counts).
running() {
  local a; a=$(admin 2>/dev/null) || return 1
  "$a" -h"$HOST" -P"$PORT" -uroot --connect-timeout=2 ping >/dev/null 2>&1
}

if can_query; then log "MariaDB answers on $HOST:$PORT"; exit 0; fi

if ! command -v mariadbd >/dev/null 2>&1 && ! command -v mysqld >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
  log "MariaDB is not installed; installing it with apt-get"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server mariadb-client >/dev/null
fi

if ! running; then
  log "starting MariaDB"
  as_root mkdir -p /run/mysqld /var/log/mysql
  as_root chown mysql /run/mysqld
  as_root chown mysql:adm /var/log/mysql
  if [ ! -d /var/lib/mysql/mysql ]; then
    as_root mariadb-install-db --user=mysql --datadir=/var/lib/mysql --skip-test-db >/dev/null
  fi
  daemon=$(command -v mariadbd || echo /usr/sbin/mariadbd)
  as_root start-stop-daemon --start --oknodo --background --exec "$daemon" -- \
    --user=mysql --bind-address=127.0.0.1 --port="$PORT" >/dev/null
  for _ in $(seq 1 60); do running && break; sleep 1; done
  running || { log "MariaDB did not start within 60 s (see /var/log/mysql/error.log)"; exit 1; }
fi

if ! can_query; then
  # A fresh install lets root in through the unix socket only: allow TCP with an empty password.
  log "allowing root over TCP with an empty password"
  as_root "$(client)" -uroot <<'SQL' || true
ALTER USER root@localhost IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket;
CREATE USER IF NOT EXISTS root@'127.0.0.1' IDENTIFIED VIA mysql_native_password USING PASSWORD('');
GRANT ALL PRIVILEGES ON *.* TO root@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
fi
for _ in $(seq 1 30); do
  if can_query; then log "MariaDB answers on $HOST:$PORT"; exit 0; fi
  sleep 1
done
log "MariaDB runs but root cannot query over TCP at $HOST:$PORT"
exit 1
