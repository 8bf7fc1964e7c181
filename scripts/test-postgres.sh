#!/usr/bin/env bash
# Runs a command (default: npm test) against a throwaway PostgreSQL cluster, then removes it.
#
#   scripts/test-postgres.sh                                    # npm test
#   scripts/test-postgres.sh npx vitest run test/store          # any command
#
# The cluster lives in a temporary directory, listens on 127.0.0.1 at a free port (and on a unix
# socket in that directory), and is stopped and deleted when the command ends, however it ends.
# The command sees TEST_DATABASE_URL. Needs Debian's `postgresql` package (installed here when
# missing and run as root; otherwise `sudo apt-get install -y postgresql`). The cluster runs as
# the calling user, or as `postgres` when called as root (PostgreSQL refuses to run as root).
set -euo pipefail

if [ "$#" -eq 0 ]; then set -- npm test; fi

bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  command -v initdb >/dev/null && dirname "$(command -v initdb)"
}

PG_BIN="$(bindir || true)"
if [ -z "$PG_BIN" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL is not installed: run 'sudo apt-get install -y postgresql' (Debian/Ubuntu)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  PG_BIN="$(bindir)"
fi

# As root, the cluster's files and processes belong to `postgres`.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

DIR="$(mktemp -d "${TMPDIR:-/tmp}/test-postgres.XXXXXX")"
chmod 700 "$DIR"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DIR"; fi

stop() {
  as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT

PORT="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
PASSWORD="$(node -e "console.log(require('crypto').randomBytes(18).toString('base64url'))")"
printf '%s\n' "$PASSWORD" >"$DIR/pwfile"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DIR/pwfile"; fi

as_owner "$PG_BIN/initdb" -D "$DIR/data" -U bot --pwfile="$DIR/pwfile" --auth=scram-sha-256 \
  -E UTF8 --locale=C.UTF-8 --no-sync >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
rm -f "$DIR/pwfile"

# A test cluster: nothing to keep after a crash, so no fsync (much faster on a shared CI disk).
if ! as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgres.log" -w -t 60 start \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
      -c full_page_writes=off -c max_connections=200" >/dev/null; then
  cat "$DIR/postgres.log" >&2
  exit 1
fi

export TEST_DATABASE_URL="postgres://bot:${PASSWORD}@127.0.0.1:${PORT}/postgres"
echo "test-postgres: PostgreSQL $("$PG_BIN/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:${PORT} (TEST_DATABASE_URL)"

# In the background so that a signal to this script is handled now (bash runs traps only between
# commands): it is passed on, the command ends, and the EXIT trap removes the cluster.
"$@" <&0 &
CHILD=$!
trap 'kill -TERM "$CHILD" 2>/dev/null || true' INT TERM
set +e
wait "$CHILD"
STATUS=$?
while kill -0 "$CHILD" 2>/dev/null; do
  wait "$CHILD"
  STATUS=$?
done
exit "$STATUS"
