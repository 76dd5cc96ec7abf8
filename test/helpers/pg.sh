# Sourced by test/run.sh and bench/run.sh: a throwaway PostgreSQL bound to 127.0.0.1 only.
# pg_start sets TEST_PG_URL on success and returns non-zero when binaries are missing or it fails.
pg_bin=""
pg_dir=""
as_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_start() {
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && pg_bin=$d; done
  [ -z "$pg_bin" ] && command -v initdb >/dev/null && pg_bin=$(dirname "$(command -v initdb)")
  [ -z "$pg_bin" ] && return 1
  pg_dir=$(mktemp -d /tmp/govscreen-pg.XXXXXX)
  [ "$(id -u)" = "0" ] && chown postgres "$pg_dir"
  local port=$((20000 + RANDOM % 20000))
  if as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 &&
     as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
       -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_parallel_workers_per_gather=0 -c shared_buffers=256MB" start >/dev/null; then
    export TEST_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
    echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
  else
    cat "$pg_dir/initdb.log" "$pg_dir/server.log" 2>/dev/null >&2
    rm -rf "$pg_dir"; pg_dir=""
    return 2
  fi
}

pg_stop() {
  if [ -n "$pg_dir" ]; then as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pg_dir"; pg_dir=""; fi
}
