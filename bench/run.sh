#!/usr/bin/env bash
# make bench: at each scale, fill a PostgreSQL database, serve it with gunicorn as in
# production (cache and broker on Redis), then
#   - measure the pages under 16 concurrent clients against the layout's reference page
#     (bench/load.py: rounds in turn, medians),
#   - measure 16 office users validating different requests at once (bench/decisions.py),
#   - run bench/outbox.py and bench/exports.py when they exist,
# then, for every scale back to back (the same code: the application may change while a long
# run goes on), count the SQL queries of each page (bench/queries.py), and finally print a
# summary of every scale side by side (bench/summary.py): req/s, p50, p95, ratio to the
# reference page and queries per page, queries compared between scales and each page's p50
# at the largest scale over its p50 at the smallest. The code measured (commit and a hash of
# the uncommitted changes outside bench/) is noted at each step.
#
# Environment (all optional):
#   BENCH_SCALES   "requests:schools:staff …", default "20000:2000:90000 200000:4000:180000";
#                  e.g. BENCH_SCALES=20000:2000:90000 for the small scale only
#   BENCH_REFILL=1 drop the scales' databases first (they are kept between runs, and a filled
#                  database is not filled again)
#   BENCH_PORT (8100), BENCH_WORKERS (gunicorn, 4), BENCH_CLIENTS (16),
#   BENCH_REQUESTS_PER_CLIENT (40), BENCH_ROUNDS (3), BENCH_FILL_PROCESSES (CPUs),
#   BENCH_DECISIONS_PER_CLIENT (40), BENCH_REDIS (redis://127.0.0.1:6379; scale n uses db 2+n),
#   BENCH_EXTRAS   the other benchmarks to run at each scale, default "outbox exports"
# Databases: formations_bench for 20,000 requests, formations_bench_<N/1000>k otherwise.
# Results: bench-output/<requests>/ (text and JSON), bench-output/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT=${BENCH_PORT:-8100}
BASE="http://127.0.0.1:$PORT"
OUT=bench-output
SCALES=${BENCH_SCALES:-"20000:2000:90000 200000:4000:180000"}
CLIENTS=${BENCH_CLIENTS:-16}
ROUNDS=${BENCH_ROUNDS:-3}
mkdir -p "$OUT"
export DEBUG=0 SECRET_KEY=bench-only-not-secret-8f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0
export BENCH_REFERENCE_PAGE=1 STATIC_MANIFEST=0 WHITENOISE_USE_FINDERS=1 LOG_LEVEL=WARNING
# The tasks the pages queue (decisions notify people) go to a queue no worker reads; it is
# emptied after each scale.
export CELERY_QUEUE=formations-bench-web
PSQL=(psql -h 127.0.0.1 -U postgres)

GUNICORN=""
stop_server() {
  if [ -n "$GUNICORN" ]; then
    kill "$GUNICORN" 2>/dev/null || true
    wait "$GUNICORN" 2>/dev/null || true
    GUNICORN=""
  fi
}
trap stop_server EXIT

db_name() {
  if [ "$1" = 20000 ]; then echo formations_bench; else echo "formations_bench_$(($1 / 1000))k"; fi
}

# A step that fails (a page broken by work in progress, say) is noted, and the run goes on.
note() {
  echo "!! $1" | tee -a "$SCALE_OUT/problems.txt"
}

# The commit and a hash of the uncommitted changes (bench/ aside): what is being measured.
code_version() {
  local changes
  changes=$({ git diff HEAD -- . ':(exclude)bench'
    git ls-files --others --exclude-standard -- . ':(exclude)bench' | xargs -r cat
  } 2>/dev/null | sha1sum | cut -c1-10)
  echo "commit $(git rev-parse --short HEAD) worktree $changes"
}

# The scale's database, Redis db, users and pages, from its fill.txt.
use_scale() {
  local requests=$1 index=$2 fill
  SCALE_OUT="$OUT/$requests"
  fill="$SCALE_OUT/fill.txt"
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$(db_name "$requests")"
  export REDIS_URL="${BENCH_REDIS:-redis://127.0.0.1:6379}/$((2 + index))"
  SESSION=$(grep '^SESSION=' "$fill" | cut -d= -f2)
  SESSION_HEAD=$(grep '^SESSION_HEAD=' "$fill" | cut -d= -f2)
  DECIDERS=$(grep '^DECIDERS=' "$fill" | cut -d= -f2)
  REQUEST=$(grep '^REQUEST=' "$fill" | cut -d= -f2)
  THEME=$(grep '^THEME=' "$fill" | cut -d= -f2)
  PAGES=(
    "reference=/_bench/reference/"
    "queue=/bureau/demandes/"
    "queue-filtered=/bureau/demandes/?state=under_review&theme=$THEME"
    "queue-page-20=/bureau/demandes/?page=20"
    "request=/demandes/$REQUEST/"
    "head-requests@head=/demandes/"
    "dashboard=/"
    # --- M@gistère (issue 10): the parcours catalogue, 500 parcours (bench/fill_magistere.py)
    "parcours=/programmes/magistere/parcours/"
    "parcours-filtered=/programmes/magistere/parcours/?audience=enseignants&degree=premier&q=calcul"
    "parcours-page-20=/programmes/magistere/parcours/?page=20"
    # --- training record (issue 10): a head's table of an école of 90 teachers
    # (bench/fill_record.py), 50 a page, then only the short ones (all 90 read)
    "record-school@record=/programmes/formation/enseignants/?annee=2020-2021"
    "record-school-short@record=/programmes/formation/enseignants/?annee=2020-2021&manque=on"
  )
  SESSIONS=(--session "$SESSION" --session "head=$SESSION_HEAD")
  # --- training record (issue 10): the head of the école of bench/fill_record.py ---
  SESSION_RECORD=$(grep '^SESSION_RECORD=' "$fill" | tail -1 | cut -d= -f2)
  SESSIONS+=(--session "record=$SESSION_RECORD")
  # --- calendars (issue 11): a busy trainer's month and the big school's month among a year
  # of 20,000 sessions (bench/fill_sessions.py); the school's head is fill.py's (`head`) ---
  SESSION_TRAINER=$(grep '^SESSION_TRAINER=' "$fill" | tail -1 | cut -d= -f2)
  CALENDAR_SCHOOL=$(grep '^CALENDAR_SCHOOL=' "$fill" | tail -1 | cut -d= -f2)
  CALENDAR_MONTH=$(grep '^CALENDAR_MONTH=' "$fill" | tail -1 | cut -d= -f2)
  if [ -n "$SESSION_TRAINER" ]; then
    SESSIONS+=(--session "trainer=$SESSION_TRAINER")
    PAGES+=(
      "diary-month@trainer=/seances/agenda/?mois=$CALENDAR_MONTH"
      "school-month@head=/seances/etablissement/$CALENDAR_SCHOOL/?mois=$CALENDAR_MONTH"
    )
  fi
  # --- end of calendars ---
  # --- funding (issue 12): the portfolio of 2,000 operations and the record with 200 plan
  # lines and 50 actions (bench/fill_funding.py), as an administrator of the académie ---
  SESSION_FUNDING=$(grep '^SESSION_FUNDING=' "$fill" | tail -1 | cut -d= -f2)
  FUNDING_OPERATION=$(grep '^FUNDING_OPERATION=' "$fill" | tail -1 | cut -d= -f2)
  if [ -n "$SESSION_FUNDING" ]; then
    SESSIONS+=(--session "funding=$SESSION_FUNDING")
    PAGES+=(
      "funding-portfolio@funding=/financements/operations/"
      "funding-record@funding=/financements/operations/$FUNDING_OPERATION/"
    )
  fi
  # --- end of funding ---
}

bench_scale() {
  local requests=$1 schools=$2 staff=$3 index=$4
  local db started fill_seconds
  db=$(db_name "$requests")
  SCALE_OUT="$OUT/$requests"
  mkdir -p "$SCALE_OUT"
  rm -f "$SCALE_OUT"/{problems.txt,code.txt} "$SCALE_OUT"/{queries,load,decisions}.json
  echo
  echo "=== $requests requests, $schools schools, $staff staff: database $db ==="
  if [ "${BENCH_REFILL:-0}" = 1 ]; then
    dropdb -h 127.0.0.1 -U postgres --if-exists "$db"
    rm -f "$SCALE_OUT/fill-seconds"
  fi
  "${PSQL[@]}" -tc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
    || createdb -h 127.0.0.1 -U postgres "$db"
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
  export REDIS_URL="${BENCH_REDIS:-redis://127.0.0.1:6379}/$((2 + index))"
  export BENCH_REQUESTS=$requests BENCH_SCHOOLS=$schools BENCH_STAFF=$staff
  if ! $PY manage.py migrate --noinput -v0; then
    note "migrate failed: scale skipped"
    return
  fi
  if ! $PY bench/fill.py | tee "$SCALE_OUT/fill.txt"; then
    note "fill failed: scale skipped"
    return
  fi
  # --- M@gistère (issue 10): the parcours catalogue ---
  $PY bench/fill_magistere.py | tee -a "$SCALE_OUT/fill.txt" || note "fill_magistere failed"
  # --- training record (issue 10): an école of 90 teachers ---
  $PY bench/fill_record.py | tee -a "$SCALE_OUT/fill.txt" || note "fill_record failed"
  # --- calendars (issue 11): a year of sessions with their trainers and participants ---
  $PY bench/fill_sessions.py | tee -a "$SCALE_OUT/fill.txt" || note "fill_sessions failed"
  # --- funding (issue 12): 2,000 operations and a record of 200 lines and 50 actions ---
  $PY bench/fill_funding.py | tee -a "$SCALE_OUT/fill.txt" || note "fill_funding failed"
  fill_seconds=$(grep '^FILL_SECONDS=' "$SCALE_OUT/fill.txt" | cut -d= -f2)
  started=$(date +%s)
  "${PSQL[@]}" -d "$db" -qc "VACUUM ANALYZE"
  if [ -n "$fill_seconds" ]; then
    # Kept with the results: a later run finds the database filled and does not refill it.
    echo "$fill_seconds $(($(date +%s) - started))" >"$SCALE_OUT/fill-seconds"
  fi
  use_scale "$requests" "$index"
  echo "load: $(code_version)" >"$SCALE_OUT/code.txt"

  .venv/bin/gunicorn config.wsgi --workers "${BENCH_WORKERS:-4}" --bind "127.0.0.1:$PORT" \
    --log-level warning >"$SCALE_OUT/gunicorn.log" 2>&1 &
  GUNICORN=$!
  for _ in $(seq 1 100); do curl -sf "$BASE/health/" >/dev/null && break; sleep 0.2; done
  curl -sf "$BASE/health/" >/dev/null || note "gunicorn: /health/ does not answer 200"
  local args=()
  for page in "${PAGES[@]}"; do args+=(--page "$page"); done
  echo "--- pages: $CLIENTS clients × ${BENCH_REQUESTS_PER_CLIENT:-40} requests, $ROUNDS rounds"
  $PY bench/load.py --base "$BASE" "${SESSIONS[@]}" --clients "$CLIENTS" \
    --requests "${BENCH_REQUESTS_PER_CLIENT:-40}" --rounds "$ROUNDS" \
    --json "$SCALE_OUT/load.json" "${args[@]}" | tee "$SCALE_OUT/load.txt" \
    || note "load: some requests failed"
  echo "--- decisions"
  $PY bench/decisions.py --base "$BASE" --deciders "$DECIDERS" --exclude "$REQUEST" \
    --per-client "${BENCH_DECISIONS_PER_CLIENT:-40}" --rounds "$ROUNDS" \
    --json "$SCALE_OUT/decisions.json" | tee "$SCALE_OUT/decisions.txt" \
    || note "decisions failed"
  stop_server
  redis-cli -u "$REDIS_URL" DEL "$CELERY_QUEUE" >/dev/null || true

  # Other people's benchmarks, when they are there: same database, broker and settings.
  for extra in ${BENCH_EXTRAS-outbox exports}; do
    if [ -f "bench/$extra.py" ]; then
      echo "--- bench/$extra.py → $SCALE_OUT/$extra.txt"
      (export CELERY_QUEUE="formations-bench-$extra" && $PY "bench/$extra.py") \
        | tee "$SCALE_OUT/$extra.txt" || note "bench/$extra.py failed"
    else
      echo "--- bench/$extra.py is not there yet: its figures will go to $SCALE_OUT/$extra.txt"
    fi
  done
}

index=0
measured=()
for scale in $SCALES; do
  IFS=: read -r requests schools staff <<<"$scale"
  bench_scale "$requests" "${schools:-2000}" "${staff:-90000}" "$index"
  measured+=("$requests")
  index=$((index + 1))
done
# Queries per page at every scale, back to back: the same code for all.
index=0
for requests in "${measured[@]}"; do
  if [ -s "$OUT/$requests/fill.txt" ] && grep -q '^SESSION=' "$OUT/$requests/fill.txt"; then
    use_scale "$requests" "$index"
    echo
    echo "--- queries per page, $requests requests"
    echo "queries: $(code_version)" >>"$SCALE_OUT/code.txt"
    $PY bench/queries.py "${SESSIONS[@]}" --json "$SCALE_OUT/queries.json" "${PAGES[@]}" \
      | tee "$SCALE_OUT/queries.txt" || note "queries: some pages failed"
  fi
  index=$((index + 1))
done
echo
$PY bench/summary.py "$OUT" "${measured[@]}" | tee "$OUT/summary.txt"
