#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for tests, CI and local PostgreSQL runs.
#
#   scripts/postgres-dev.sh start [DIR] [PORT]   install if missing, init (trust auth), start; prints the URL on stdout
#   scripts/postgres-dev.sh stop  [DIR]          stop the cluster (the data stays; `start` reuses it)
#   scripts/postgres-dev.sh url   [DIR] [PORT]   print the URL only
#
# DIR defaults to $PGDEV_DIR or /tmp/returns-bridge-pg, PORT to $PGDEV_PORT or 54329.
# Usage in CI: export TEST_POSTGRES_URL="$(scripts/postgres-dev.sh start)"
# Everything but the URL goes to stderr so the output can be captured. Safe to run again while it is running.
set -euo pipefail

cmd="${1:-start}"
dir="${2:-${PGDEV_DIR:-/tmp/returns-bridge-pg}}"
port="${3:-${PGDEV_PORT:-54329}}"
url="postgresql://postgres@127.0.0.1:${port}/postgres"

say() { echo "postgres-dev: $*" >&2; }

find_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

as_owner() {
  # initdb and postgres refuse to run as root: run them as the postgres system user then.
  if [ "$(id -u)" = "0" ]; then
    su postgres -s /bin/sh -c "$*"
  else
    sh -c "$*"
  fi
}

install_postgres() {
  say "PostgreSQL is not installed; installing it from Debian's packages"
  local sudo=""
  if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
}

bindir="$(find_bindir || true)"

case "$cmd" in
  url)
    echo "$url"
    ;;
  stop)
    if [ -z "$bindir" ] || [ ! -f "$dir/PG_VERSION" ]; then say "nothing to stop in $dir"; exit 0; fi
    if as_owner "'$bindir/pg_ctl' -D '$dir' status" >/dev/null 2>&1; then
      as_owner "'$bindir/pg_ctl' -D '$dir' -m fast -w stop" >&2
    else
      say "not running ($dir)"
    fi
    ;;
  start)
    if [ -z "$bindir" ]; then
      install_postgres
      bindir="$(find_bindir)"
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$dir"; fi
    chmod 700 "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      say "initialising a cluster in $dir"
      as_owner "'$bindir/initdb' -D '$dir' -U postgres --auth=trust --encoding=UTF8 --locale=C" >/dev/null
    fi
    if as_owner "'$bindir/pg_ctl' -D '$dir' status" >/dev/null 2>&1; then
      say "already running ($dir)"
    else
      # Test cluster: durability off for speed (a crash loses the throwaway data, never the app's).
      opts="-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
      as_owner "'$bindir/pg_ctl' -D '$dir' -l '$dir/server.log' -w -t 60 -o \"$opts\" start" >&2 || {
        say "failed to start; last lines of $dir/server.log:"
        tail -n 20 "$dir/server.log" >&2 || true
        exit 1
      }
    fi
    for _ in $(seq 1 50); do
      if "$bindir/pg_isready" -h 127.0.0.1 -p "$port" -q; then echo "$url"; exit 0; fi
      sleep 0.2
    done
    say "PostgreSQL in $dir did not accept connections on 127.0.0.1:$port"
    exit 1
    ;;
  *)
    echo "usage: $0 start|stop|url [DIR] [PORT]" >&2
    exit 2
    ;;
esac
