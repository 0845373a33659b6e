#!/usr/bin/env bash
# Runs the test suite. Uses DATABASE_URL / REDIS_URL when set; otherwise the local
# PostgreSQL and Redis when they answer (as in CI), else SQLite and eager Celery, where the
# tests marked `postgres` (exclusion constraint, row locks across connections) cannot run.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

if [ -z "${DATABASE_URL:-}" ] && "$PY" - <<'PYCODE' 2>/dev/null
import psycopg2
psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres",
                 connect_timeout=2).close()
PYCODE
then
  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/secondment
fi
if [ -z "${REDIS_URL:-}" ] && "$PY" -c "import redis; redis.Redis(host='127.0.0.1', port=6379, socket_connect_timeout=2).ping()" 2>/dev/null; then
  export REDIS_URL=redis://127.0.0.1:6379/15
fi
echo "tests on: ${DATABASE_URL:-SQLite (no PostgreSQL reachable)}; Celery: ${REDIS_URL:-eager}"

export STATIC_MANIFEST=0 FAST_PASSWORD_HASHER=1 DEBUG=0 SECURE_SSL_REDIRECT=0 SECRET_KEY=test-secret-key-not-for-production-use-0123456789
# schemathesis calls the app in-process as "localhost".
export ALLOWED_HOSTS=localhost
workers=auto
[ -n "${DATABASE_URL:-}" ] || workers=0
exec "$PY" -m pytest -n "$workers" "$@"
