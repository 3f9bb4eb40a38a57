#!/usr/bin/env bash
# Seed N demo products and load-test the catalog API against gunicorn on loopback, beside the shared
# ceiling bench, in one sitting. Usage: bench/run.sh [PRODUCTS]   (default 1000). See bench/README.md.
#
# Everything it starts (a private PostgreSQL and Redis, gunicorn) listens on 127.0.0.1 only, runs bounded
# wrk loads, and is stopped by PID on exit, even on failure.
set -euo pipefail

PRODUCTS="${1:-${PRODUCTS:-1000}}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CEILING_SRC="${CEILING_SRC:-$ROOT/../shared/bench/ceiling}"
CEILING="${CEILING_COPY:-/tmp/sf-bench-ceiling}"
# One database per size (seeding only tops up, so a 1k run must not reuse the 100k data): sf_bench_<N>.
BENCH_DB="${BENCH_DB:-sf_bench}_$PRODUCTS"
STAMP="$(date +%Y%m%d-%H%M%S)"
OUT="${OUT:-$ROOT/bench/results/$STAMP-$PRODUCTS}"

# Our own ports and directories, so a ceiling run by someone else on this machine is left alone; all ports
# sit below the ephemeral range (32768+), where an outgoing connection could already hold them.
export RUN_DIR="${RUN_DIR:-/tmp/sf-bench-run}" PG_ROOT="${PG_ROOT:-/tmp/sf-bench-pg}"
export REDIS_ROOT="${REDIS_ROOT:-/tmp/sf-bench-redis}"
export BENCH_PG_PORT="${BENCH_PG_PORT:-25442}" BENCH_REDIS_PORT="${BENCH_REDIS_PORT:-26389}"
export BENCH_HTTP_PORT="${BENCH_HTTP_PORT:-28010}" APP_HTTP_PORT="${APP_HTTP_PORT:-28011}"

[ -d "$CEILING_SRC" ] || { echo "ceiling bench not found at $CEILING_SRC (set CEILING_SRC)"; exit 1; }
# The shared ceiling is read-only; its scripts write migrations and results, so they run from a copy.
rm -rf "$CEILING" && cp -r "$CEILING_SRC" "$CEILING" && chmod -R u+w "$CEILING"
mkdir -p "$OUT" "$RUN_DIR"

# shellcheck source=/dev/null
source "$CEILING/env.sh"
"$CEILING/setup.sh" >/dev/null  # wrk + redis-server (apt) and the ceiling's venv, only when missing
trap '"$CEILING/stop_servers.sh"' EXIT
"$CEILING/start_servers.sh"

echo "== seeding the ceiling app"
"$CEILING/seed.sh" | tail -3

echo "== seeding the storefront: $PRODUCTS products into $BENCH_DB"
PSQL=(psql -h 127.0.0.1 -p "$BENCH_PG_PORT" -U postgres -d postgres -qtA)
"${PSQL[@]}" -c "SELECT 1 FROM pg_database WHERE datname='$BENCH_DB'" | grep -q 1 \
  || "${PSQL[@]}" -c "CREATE DATABASE $BENCH_DB OWNER bench"
export DATABASE_URL="postgres://bench@127.0.0.1:$BENCH_PG_PORT/$BENCH_DB"
export REDIS_URL="redis://127.0.0.1:$BENCH_REDIS_PORT/1"
MANAGE=(env DJANGO_SETTINGS_MODULE=storefront.settings DEBUG=0 SECRET_KEY=bench-only-secret-key-not-for-production
  LOG_LEVEL=WARNING LOG_FORMAT=plain CELERY_TASK_ALWAYS_EAGER=1 "$ROOT/.venv/bin/python" "$ROOT/manage.py")
"${MANAGE[@]}" migrate --noinput -v0
# DEBUG is off, as in production: the shop's pages need the hashed static files' manifest.
export STATIC_ROOT="$RUN_DIR/static"
"${MANAGE[@]}" collectstatic --noinput -v0
start=$(date +%s)
"${MANAGE[@]}" seed_demo --products "$PRODUCTS" | grep -E "done in|products created"
echo "seed_demo took $(($(date +%s) - start)) s"
psql -h 127.0.0.1 -p "$BENCH_PG_PORT" -U bench -d "$BENCH_DB" -qc "VACUUM ANALYZE"

echo "== load tests"
[ "${READS:-1}" = 0 ] || python3 "$ROOT/bench/bench.py" --products "$PRODUCTS" --out "$OUT" --ceiling "$CEILING"
if [ "${FRONTEND:-1}" != 0 ] && [ -d "$ROOT/frontend/node_modules" ]; then
  echo "== frontend"
  python3 "$ROOT/bench/frontend.py" --out "$OUT"
fi
if [ "${CHECKOUT:-1}" != 0 ]; then
  echo "== checkout"
  python3 "$ROOT/bench/checkout.py" --out "$OUT" --ceiling "$CEILING"
fi
echo "results in $OUT"
