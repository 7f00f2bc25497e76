#!/usr/bin/env bash
# A private PostgreSQL and Redis on 127.0.0.1 for the newsroom server's tests
# (two Hocuspocus instances sharing one database and one Redis).
#
#   scripts/desk/services.sh [start]   install (once), start, print JSON {postgresUrl, redisUrl}
#   scripts/desk/services.sh stop      stop both
#   scripts/desk/services.sh status    print the JSON when both run, exit 1 otherwise
#
# From Debian's packages (installed only when missing): a private cluster made
# with initdb and run with pg_ctl (no systemd), password-protected, TCP on
# 127.0.0.1 only; a redis-server without persistence on 127.0.0.1.
#
# State lives in $COPYDESK_DESK_DIR (default ${XDG_CACHE_HOME:-~/.cache}/copydesk-desk).
# PostgreSQL refuses to run as root (CI runs as root): then it runs as the
# `postgres` user, and its data folder is under that user's home, because
# root's home is closed to other users. Both stop by themselves after
# COPYDESK_DESK_TTL seconds (default 3 h); a second `start` reuses them.
set -euo pipefail

BASE=${COPYDESK_DESK_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/copydesk-desk}
PG_PORT=${COPYDESK_DESK_PG_PORT:-55432}
REDIS_PORT=${COPYDESK_DESK_REDIS_PORT:-56379}
TTL=${COPYDESK_DESK_TTL:-10800}
PG_BIN=/usr/lib/postgresql/15/bin
RUN=$BASE/run-$PG_PORT-$REDIS_PORT
PACKAGES=(postgresql redis-server)

log() { echo "services.sh: $*" >&2; }
die() { log "$*"; exit 1; }

if [ "$(id -u)" -eq 0 ]; then
  PG_USER=postgres
  PG_DATA=$(getent passwd postgres | cut -d: -f6)/copydesk-desk-$PG_PORT
  as_pg() { runuser -u postgres -- "$@"; }
else
  PG_USER=$(id -un)
  PG_DATA=$RUN/postgres
  as_pg() { "$@"; }
fi

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  [ "$(id -u)" -eq 0 ] || die "missing Debian packages: ${missing[*]} (run as root, or apt-get install them)"
  log "installing ${missing[*]} from Debian…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$BASE/apt.log" 2>&1 \
    || { tail -30 "$BASE/apt.log" >&2; die "apt-get install failed; see $BASE/apt.log"; }
}

alive() { [ -f "$1" ] && kill -0 "$(head -1 "$1")" 2>/dev/null; }

pg_url() { echo "postgres://copydesk:$(cat "$RUN/pg-password")@127.0.0.1:$PG_PORT/copydesk"; }
redis_url() { echo "redis://127.0.0.1:$REDIS_PORT"; }
print_json() { printf '{"postgresUrl":"%s","redisUrl":"%s"}\n' "$(pg_url)" "$(redis_url)"; }
pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }
running() { alive "$PG_DATA/postmaster.pid" && alive "$RUN/redis.pid" && [ -s "$RUN/pg-password" ]; }

start_postgres() {
  alive "$PG_DATA/postmaster.pid" && pg_ready && return
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "creating a private PostgreSQL cluster in $PG_DATA…"
    head -c 24 /dev/urandom | base64 | tr -d '\n/+=' >"$RUN/pg-password"
    rm -rf "$PG_DATA"
    mkdir -p "$PG_DATA"
    chown "$PG_USER" "$PG_DATA"
    chmod 700 "$PG_DATA"
    as_pg bash -c "cat > '$PG_DATA.pw'" <"$RUN/pg-password"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U copydesk --auth=scram-sha-256 --pwfile="$PG_DATA.pw" -E UTF8 --locale=C.UTF-8 \
      >"$RUN/initdb.log" 2>&1 || { tail -20 "$RUN/initdb.log" >&2; die "initdb failed"; }
    rm -f "$PG_DATA.pw"
  fi
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories='' -c fsync=off" start >/dev/null 9>&- \
    || { as_pg tail -20 "$PG_DATA/server.log" >&2; die "PostgreSQL did not start"; }
  PGPASSWORD=$(cat "$RUN/pg-password") "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U copydesk -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'copydesk'" | grep -q 1 \
    || PGPASSWORD=$(cat "$RUN/pg-password") "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U copydesk copydesk
}

start_redis() {
  alive "$RUN/redis.pid" && return
  mkdir -p "$RUN/redis"
  setsid nohup redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$RUN/redis" --save '' --appendonly no \
    --daemonize no --logfile "$RUN/redis.log" >/dev/null 2>&1 </dev/null 9>&- &
  echo $! >"$RUN/redis.pid"
  local deadline=$((SECONDS + 20))
  until redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; do
    alive "$RUN/redis.pid" || { tail -20 "$RUN/redis.log" >&2; die "redis-server exited"; }
    [ $SECONDS -lt $deadline ] || die "Redis did not answer on port $REDIS_PORT"
    sleep 0.2
  done
}

start_watchdog() {
  kill_group "$RUN/watchdog.pid"
  setsid nohup bash "$0" _expire "$TTL" >/dev/null 2>&1 </dev/null 9>&- &
  echo $! >"$RUN/watchdog.pid"
}

# Ends a process and its group (the watchdog and its sleep).
kill_group() {
  [ -f "$1" ] || return 0
  local pid; pid=$(cat "$1")
  kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
  rm -f "$1"
}

stop_services() {
  if alive "$PG_DATA/postmaster.pid"; then as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null || true; fi
  kill_group "$RUN/redis.pid"
}

case "${1:-start}" in
  start)
    mkdir -p "$BASE" "$RUN"
    exec 9>"$RUN/.lock"; flock 9
    if ! running; then
      install_packages
      start_postgres
      start_redis
      start_watchdog
    fi
    print_json
    ;;
  stop)
    kill_group "$RUN/watchdog.pid"
    stop_services
    ;;
  status) running && print_json ;;
  _expire) sleep "$2"; rm -f "$RUN/watchdog.pid"; stop_services ;;
  *) die "usage: $0 [start|stop|status]" ;;
esac
