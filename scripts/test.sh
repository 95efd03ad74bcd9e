#!/usr/bin/env bash
# The project's one test command (`make test` builds the front-end assets and
# runs this). It runs every test on SQLite and PostgreSQL:
#
#   scripts/test.sh                 all packages
#   scripts/test.sh ./store/...     only these packages
#
# Without ALLMENNING_TEST_POSTGRES (a postgres:// URL) it starts a throwaway
# PostgreSQL 15 cluster in a temporary folder and removes it afterwards. Under
# CI (CI=true) the browser tests are required too, rather than skipped.
# The last line of output is "N passed, N failed, N skipped".
set -euo pipefail

cd "$(dirname "$0")/.."

if [ "$#" -eq 0 ]; then
	set -- ./...
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/allmenning-test.XXXXXX")
pgdir=""
pgbin=""

# as_postgres runs a command as the postgres OS user when we are root (initdb
# and postgres refuse to run as root), else as ourselves.
as_postgres() {
	if [ "$(id -u)" -eq 0 ]; then
		if command -v runuser >/dev/null 2>&1; then
			(cd / && runuser -u postgres -- "$@")
		else
			(cd / && su postgres -s /bin/bash -c "$(printf '%q ' "$@")")
		fi
	else
		"$@"
	fi
}

cleanup() {
	if [ -n "$pgdir" ] && [ -f "$pgdir/data/postmaster.pid" ]; then
		as_postgres "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	if [ -n "$pgdir" ]; then
		rm -rf "$pgdir"
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

find_pgbin() {
	local d
	for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			echo "$d"
			return 0
		fi
	done
	if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
		dirname "$(command -v initdb)"
		return 0
	fi
	return 1
}

start_postgres() {
	if ! pgbin=$(find_pgbin); then
		if [ "$(id -u)" -ne 0 ]; then
			echo "test.sh: PostgreSQL is not installed; install postgresql-15 or set ALLMENNING_TEST_POSTGRES" >&2
			exit 1
		fi
		echo "test.sh: installing PostgreSQL 15" >&2
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq postgresql-15 >/dev/null || apt-get install -y -qq postgresql >/dev/null
		pgbin=$(find_pgbin)
	fi

	pgdir=$(mktemp -d "${TMPDIR:-/tmp}/allmenning-pg.XXXXXX")
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres: "$pgdir"
	fi
	as_postgres "$pgbin/initdb" -D "$pgdir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$pgdir/initdb.log" 2>&1 ||
		{ cat "$pgdir/initdb.log" >&2; exit 1; }

	# Pick a free port; if another process takes it first, try another.
	local port="" try
	for try in 1 2 3 4 5 6 7 8 9 10; do
		port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			continue # something is listening
		fi
		if as_postgres "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 60 \
			-o "-c listen_addresses=127.0.0.1 -p $port -k $pgdir -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
			start >/dev/null; then
			break
		fi
		port=""
	done
	if [ -z "$port" ]; then
		echo "test.sh: could not start PostgreSQL:" >&2
		cat "$pgdir/server.log" >&2 || true
		exit 1
	fi
	as_postgres "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres allmenning_test
	export ALLMENNING_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/allmenning_test?sslmode=disable"
	echo "test.sh: PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway cluster in $pgdir)" >&2
}

if [ -z "${ALLMENNING_TEST_POSTGRES:-}" ]; then
	start_postgres
fi
# This command always provides a PostgreSQL, so its tests must not be skipped.
export ALLMENNING_TEST_REQUIRE_POSTGRES="${ALLMENNING_TEST_REQUIRE_POSTGRES:-1}"
if [ "${CI:-}" = "true" ]; then
	export ALLMENNING_TEST_REQUIRE_POSTGRES=1
	export ALLMENNING_TEST_REQUIRE_BROWSER=1
fi

# Build the counter before the run, so that a broken tree fails early and clearly.
go build -o "$tmp/testcount" ./internal/tools/testcount

status=0
go tool gotestsum --format testname --jsonfile "$tmp/events.json" -- -count=1 -timeout 15m "$@" || status=$?

echo
"$tmp/testcount" "$tmp/events.json" || status=$((status == 0 ? 1 : status))
exit "$status"
