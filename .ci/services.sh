#!/usr/bin/env bash
# Starts the local services connector tests talk to (any that is down) and waits until each answers.
# PostgreSQL runs with wal_level=logical (change data capture through logical replication).
set -uo pipefail

wait_for() { # name, command
  for _ in $(seq 1 60); do
    if eval "$2" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "services: $1 did not come up" >&2
  return 1
}

PGV=$(ls /etc/postgresql | head -1)
if ! pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1; then
  pg_ctlcluster --skip-systemctl-redirect "$PGV" main start || true
fi
wait_for postgresql "pg_isready -h 127.0.0.1 -p 5432"
if [ "$(psql -h 127.0.0.1 -U postgres -d postgres -Atc 'show wal_level')" != "logical" ]; then
  psql -h 127.0.0.1 -U postgres -d postgres -c "ALTER SYSTEM SET wal_level = logical" >/dev/null
  psql -h 127.0.0.1 -U postgres -d postgres -c "ALTER SYSTEM SET max_replication_slots = 20" >/dev/null
  psql -h 127.0.0.1 -U postgres -d postgres -c "ALTER SYSTEM SET max_wal_senders = 20" >/dev/null
  pg_ctlcluster --skip-systemctl-redirect "$PGV" main restart
  wait_for postgresql "pg_isready -h 127.0.0.1 -p 5432"
fi

if ! mariadb -h 127.0.0.1 -u root -e 'select 1' >/dev/null 2>&1; then
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
fi
wait_for mariadb "mariadb -h 127.0.0.1 -u root -e 'select 1'"

# A second MariaDB with a ROW binary log for the MySQL streaming (binlog) tests, on port 3307: the shared server on
# 3306 keeps its configuration.
if ! mariadb -h 127.0.0.1 -P 3307 -u root -e 'select 1' >/dev/null 2>&1; then
  D=/var/lib/mysql-binlog
  [ -d "$D/mysql" ] || mariadb-install-db --no-defaults --user=root --datadir="$D" \
    --auth-root-authentication-method=normal --skip-test-db >/dev/null
  (setsid /usr/sbin/mariadbd --no-defaults --user=root --datadir="$D" --port=3307 --bind-address=127.0.0.1 \
    --socket="$D/sock" --pid-file="$D/pid" --log-bin="$D/binlog" --binlog-format=ROW --server-id=7 \
    --binlog-expire-logs-seconds=86400 >/var/log/mariadb-binlog.log 2>&1 &)
fi
wait_for mariadb-binlog "mariadb -h 127.0.0.1 -P 3307 -u root -e 'select 1'"
mariadb -h 127.0.0.1 -P 3307 -u root -e 'CREATE DATABASE IF NOT EXISTS test'

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis \
    --logfile /var/log/redis/ci.log || true
fi
wait_for redis "redis-cli -h 127.0.0.1 -p 6379 ping"

if ! (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; then rabbitmq-server -detached || true; fi
wait_for rabbitmq "rabbitmqctl -q status"
wait_for rabbitmq-port "exec 3<>/dev/tcp/127.0.0.1/5672"

if ! (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null; then mosquitto -d -c /etc/mosquitto/mosquitto.conf || true; fi
wait_for mosquitto "exec 3<>/dev/tcp/127.0.0.1/1883"

if ! (exec 3<>/dev/tcp/127.0.0.1/4222) 2>/dev/null; then
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js \
    -sd /var/lib/nats-server -l /var/log/nats-server.log || true
fi
wait_for nats "exec 3<>/dev/tcp/127.0.0.1/4222"
echo "services: all up"
