#!/usr/bin/env bash
# Make sure a MariaDB answers on 127.0.0.1:3306 as root with an empty password:
# use the running one; start it if installed but stopped; install it with apt-get if missing.
# Exits non-zero (never silently) when that is impossible.
set -euo pipefail

HOST=127.0.0.1
PORT=3306
log() { echo "ensure-mariadb: $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
client() { command -v mariadb || command -v mysql; }
admin() { command -v mariadb-admin || command -v mysqladmin; }

tcp_up() {
  local a; a=$(admin 2>/dev/null) || return 1
  "$a" -h"$HOST" -P"$PORT" -uroot --connect-timeout=2 ping >/dev/null 2>&1
}

if tcp_up; then log "MariaDB is up on $HOST:$PORT"; exit 0; fi

if ! command -v mariadbd >/dev/null 2>&1 && ! command -v mysqld >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
  log "MariaDB is not installed; installing it with apt-get"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server mariadb-client >/dev/null
fi

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

for _ in $(seq 1 60); do
  if tcp_up; then log "MariaDB is up on $HOST:$PORT"; exit 0; fi
  # A fresh install lets root in through the socket only: allow TCP with an empty password.
  if as_root "$(client)" -uroot -e "SELECT 1" >/dev/null 2>&1; then
    as_root "$(client)" -uroot <<'SQL' >/dev/null 2>&1 || true
ALTER USER root@localhost IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket;
CREATE USER IF NOT EXISTS root@'127.0.0.1' IDENTIFIED VIA mysql_native_password USING PASSWORD('');
GRANT ALL PRIVILEGES ON *.* TO root@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
  fi
  sleep 1
done
log "MariaDB did not come up on $HOST:$PORT within 60 s (see /var/log/mysql/error.log)"
exit 1
