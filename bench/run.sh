#!/usr/bin/env bash
# make bench: fill a PostgreSQL database at scale, serve it with gunicorn as in production,
# measure the office's queue and a request page against the layout's reference page.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
DB=${BENCH_DB:-formations_bench}
PORT=${BENCH_PORT:-8100}
OUT=bench-output
mkdir -p "$OUT"
psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1 \
  || createdb -h 127.0.0.1 -U postgres "$DB"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
# As in production: the cache (and the broker) on Redis.
export REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/2}
export DEBUG=0 SECRET_KEY=bench-only-not-secret-8f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0
export BENCH_REFERENCE_PAGE=1 STATIC_MANIFEST=0 WHITENOISE_USE_FINDERS=1 LOG_LEVEL=WARNING
$PY manage.py migrate --noinput -v0
$PY bench/fill.py | tee "$OUT/fill.txt"
psql -h 127.0.0.1 -U postgres -d "$DB" -qc "VACUUM ANALYZE"
SESSION=$(grep '^SESSION=' "$OUT/fill.txt" | cut -d= -f2)
REQUEST=$(grep '^REQUEST=' "$OUT/fill.txt" | cut -d= -f2)
THEME=$(grep '^THEME=' "$OUT/fill.txt" | cut -d= -f2)
PAGES=(
  "reference=/_bench/reference/"
  "queue=/bureau/demandes/"
  "queue-filtered=/bureau/demandes/?state=under_review&theme=$THEME"
  "queue-page-20=/bureau/demandes/?page=20"
  "request=/demandes/$REQUEST/"
)
$PY bench/queries.py "${PAGES[@]}" | tee "$OUT/queries.txt"
.venv/bin/gunicorn config.wsgi --workers "${BENCH_WORKERS:-4}" --bind "127.0.0.1:$PORT" \
  --log-level warning >"$OUT/gunicorn.log" 2>&1 &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/health/" >/dev/null && break; sleep 0.2; done
args=()
for page in "${PAGES[@]}"; do args+=(--page "$page"); done
$PY bench/load.py --base "http://127.0.0.1:$PORT" --session "$SESSION" --clients 16 \
  --requests "${BENCH_REQUESTS_PER_CLIENT:-40}" "${args[@]}" | tee "$OUT/load.txt"
