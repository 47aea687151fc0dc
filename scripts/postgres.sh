#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests: Debian's server binaries, loopback only, trust auth, no fsync.
#
#   scripts/postgres.sh start  <dir> [port]   initdb <dir>/data if it is empty, start, wait until accepting
#                                             connections, print "postgres ready on 127.0.0.1:PORT"
#   scripts/postgres.sh stop   <dir>          stop it (pg_ctl stop -m fast); nothing to do if not running
#   scripts/postgres.sh status <dir>          print "postgres running on 127.0.0.1:PORT" (exit 0)
#                                             or "postgres not running" (exit 3)
#   scripts/postgres.sh bindir                print the server binary folder it would use
#
# Layout of <dir>: data/ (PGDATA), run/ (unix socket), port, postgres.log.
# Invoked as root, the cluster belongs to and runs as the OS user "postgres" (the server refuses to run as root).
# Server binaries: $PG_BINDIR if set, else the highest /usr/lib/postgresql/<major>/bin (Debian: initdb and pg_ctl
# are not on PATH there), else initdb + pg_ctl from PATH. None found: exit 69 naming the package to install.
set -euo pipefail

readonly EXIT_MISSING=69
readonly DEFAULT_PORT=55432
readonly READY_TIMEOUT_SECONDS=${PG_READY_TIMEOUT:-60}

die() { echo "postgres.sh: $*" >&2; exit 1; }

usage() {
  echo "usage: $0 start <dir> [port] | stop <dir> | status <dir> | bindir" >&2
  exit 2
}

find_bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then
    if [ -x "$PG_BINDIR/initdb" ] && [ -x "$PG_BINDIR/pg_ctl" ]; then echo "$PG_BINDIR"; return 0; fi
    echo "postgres.sh: PG_BINDIR=$PG_BINDIR has no PostgreSQL server binaries (initdb, pg_ctl)." >&2
    echo "postgres.sh: unset PG_BINDIR, or install Debian's 'postgresql' package: scripts/setup.sh (apt-get install -y --no-install-recommends postgresql)" >&2
    exit "$EXIT_MISSING"
  fi
  local candidate
  candidate=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$candidate" ] && [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
    echo "$candidate"; return 0
  fi
  local initdb pg_ctl
  initdb=$(command -v initdb || true)
  pg_ctl=$(command -v pg_ctl || true)
  if [ -n "$initdb" ] && [ -n "$pg_ctl" ]; then
    dirname "$(readlink -f "$pg_ctl")"; return 0
  fi
  echo "postgres.sh: PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin or on PATH." >&2
  echo "postgres.sh: install Debian's 'postgresql' package: scripts/setup.sh (apt-get install -y --no-install-recommends postgresql)" >&2
  exit "$EXIT_MISSING"
}

# Runs a command as the cluster's owner: "postgres" when we are root, else the current user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    # cd / first: the server and initdb complain when they cannot enter the caller's working directory (e.g. /root).
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

pg_isready_bin() {
  if [ -x "$BINDIR/pg_isready" ]; then echo "$BINDIR/pg_isready"; else command -v pg_isready || true; fi
}

is_running() { as_owner "$BINDIR/pg_ctl" status -D "$DATA" >/dev/null 2>&1; }

cmd_start() {
  local port=${1:-$DEFAULT_PORT}
  case "$port" in ''|*[!0-9]*) die "port must be a number, got '$port'";; esac

  mkdir -p "$DIR"
  DIR=$(cd "$DIR" && pwd -P)
  DATA="$DIR/data"; RUN="$DIR/run"; LOG="$DIR/postgres.log"
  # The unix socket path (run/.s.PGSQL.<port>) must fit in sun_path (107 bytes).
  [ "${#RUN}" -le 90 ] || die "socket folder path too long for a unix socket ($RUN); use a shorter <dir>"
  mkdir -p "$DATA" "$RUN"

  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' OS user (it comes with Debian's postgresql-common)"
    chown -R postgres: "$DIR"
    runuser -u postgres -- test -x "$DIR" || die "user postgres cannot enter $DIR (a parent folder is closed to it); use a folder under /tmp"
  fi
  chmod 700 "$DATA"

  if is_running; then
    echo "postgres.sh: a server is already running in $DATA" >&2
    cmd_status
    return 0
  fi

  if [ ! -f "$DATA/PG_VERSION" ]; then
    [ -z "$(ls -A "$DATA")" ] || die "$DATA is neither empty nor a PostgreSQL data folder"
    # C.UTF-8 when the system has it (codepoint order, UTF-8 ctype), else C; always UTF8 encoding (an unset LANG
    # would otherwise give SQL_ASCII). The superuser is "postgres" whatever the OS user is.
    local locale=C
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale=C.UTF-8; fi
    as_owner "$BINDIR/initdb" -D "$DATA" -U postgres -E UTF8 --locale="$locale" \
      --auth-local=trust --auth-host=trust --no-sync >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
    # Loopback only: no ::1, no other interfaces, no other authentication paths.
    as_owner tee "$DATA/pg_hba.conf" >/dev/null <<EOF
# throwaway test cluster: trust on the unix socket and 127.0.0.1 only
local all         all                trust
host  all         all  127.0.0.1/32  trust
local replication all                trust
host  replication all  127.0.0.1/32  trust
EOF
    as_owner tee -a "$DATA/postgresql.conf" >/dev/null <<EOF

# --- scripts/postgres.sh: throwaway test cluster ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$RUN'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
logging_collector = off
EOF
  fi

  echo "$port" | as_owner tee "$DIR/port" >/dev/null
  # The log is appended to across restarts, and a fast stop leaves FATAL lines in it ("terminating connection due to
  # administrator command"): only what this start writes may count as the server exiting.
  local log_offset=0
  [ -f "$LOG" ] && log_offset=$(stat -c %s "$LOG")
  # -W: do not let pg_ctl wait; readiness is polled below with pg_isready on the TCP port tests use.
  as_owner "$BINDIR/pg_ctl" start -D "$DATA" -l "$LOG" -W -o "-p $port" >/dev/null \
    || { tail -n 20 "$LOG" >&2 2>/dev/null || true; die "pg_ctl start failed"; }

  local isready deadline
  isready=$(pg_isready_bin)
  [ -n "$isready" ] || die "pg_isready not found"
  deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
  until "$isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres; do
    if ! is_running && [ -f "$LOG" ] && tail -c +"$((log_offset + 1))" "$LOG" | grep -qE 'FATAL|PANIC'; then
      tail -c +"$((log_offset + 1))" "$LOG" | tail -n 20 >&2; die "server exited while starting"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 20 "$LOG" >&2 2>/dev/null || true
      die "server not accepting connections on 127.0.0.1:$port after ${READY_TIMEOUT_SECONDS}s"
    fi
    sleep 0.1
  done
  echo "postgres ready on 127.0.0.1:$port"
}

cmd_stop() {
  [ -d "$DATA" ] || { echo "postgres not running"; return 0; }
  if is_running; then
    as_owner "$BINDIR/pg_ctl" stop -D "$DATA" -m fast -w >/dev/null
    echo "postgres stopped"
  else
    echo "postgres not running"
  fi
}

cmd_status() {
  if [ -d "$DATA" ] && is_running; then
    echo "postgres running on 127.0.0.1:$(cat "$DIR/port" 2>/dev/null || echo '?')"
  else
    echo "postgres not running"
    return 3
  fi
}

[ $# -ge 1 ] || usage
command=$1; shift
BINDIR=$(find_bindir)
if [ "$command" = bindir ]; then echo "$BINDIR"; exit 0; fi
[ $# -ge 1 ] || usage
DIR=$1; shift
DATA="$DIR/data"
case "$command" in
  start)  cmd_start "$@" ;;
  stop)   cmd_stop ;;
  status) cmd_status ;;
  *)      usage ;;
esac
