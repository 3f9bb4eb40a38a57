#!/bin/sh
# Container entrypoint. The first argument picks the role; the rest is passed on.
#   web      migrate (under a PostgreSQL advisory lock, so replicas take turns), then gunicorn
#   worker   celery worker
#   beat     celery beat (exactly one per deployment: it is the scheduler)
#   migrate  migrations only, for deployments that run them as a separate release step
#   anything else is executed as given, e.g. `python manage.py createsuperuser --noinput`
# Set MIGRATE_ON_START=0 to stop `web` from migrating (then run `migrate` once per release yourself).
set -eu

cd "$(dirname "$0")/.."

role="${1:-web}"
[ "$#" -gt 0 ] && shift

case "$role" in
  web)
    if [ "${MIGRATE_ON_START:-1}" = "1" ]; then
      python site/migrate.py
    fi
    exec gunicorn storefront.wsgi -c site/gunicorn.conf.py "$@"
    ;;
  migrate)
    exec python site/migrate.py "$@"
    ;;
  worker)
    exec celery -A storefront worker \
      --loglevel "${CELERY_LOG_LEVEL:-info}" \
      --concurrency "${CELERY_CONCURRENCY:-2}" \
      "$@"
    ;;
  beat)
    # The schedule file only remembers last-run times; losing it is harmless, so a temp dir is fine.
    exec celery -A storefront beat \
      --loglevel "${CELERY_LOG_LEVEL:-info}" \
      --schedule "${CELERY_BEAT_SCHEDULE_FILE:-${TMPDIR:-/tmp}/celerybeat-schedule}" \
      "$@"
    ;;
  *)
    exec "$role" "$@"
    ;;
esac
