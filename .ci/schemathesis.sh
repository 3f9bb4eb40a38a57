#!/usr/bin/env bash
# Fuzz a served instance against its own OpenAPI schema as three callers: anonymous, a customer, staff.
# Fails on any 5xx and on any response that the schema does not describe (status, content type, body).
#
#   .ci/schemathesis.sh BASE_URL [SECONDS_PER_CALLER]
#
# The instance needs the demo data (`manage.py seed_demo`: alice@example.com is a shopper) and a superuser
# (STAFF_EMAIL / STAFF_PASSWORD), and throttles high enough for a fuzzer (THROTTLE_* in the environment).
set -euo pipefail

BASE="${1:?usage: $0 BASE_URL [SECONDS_PER_CALLER]}"
BUDGET="${2:-60}"
ST="${ST:-.venv/bin/st}"
CUSTOMER_EMAIL="${CUSTOMER_EMAIL:-alice@example.com}"
CUSTOMER_PASSWORD="${CUSTOMER_PASSWORD:-demo-password-123}"
STAFF_EMAIL="${STAFF_EMAIL:-admin@example.com}"
STAFF_PASSWORD="${STAFF_PASSWORD:-admin-dev-password}"
REPORTS="${REPORTS:-$(mktemp -d)}"
mkdir -p "$REPORTS"

token() {
  curl -fsS -X POST "$BASE/api/v1/auth/token/" -H 'Content-Type: application/json' \
    -d "{\"email\": \"$1\", \"password\": \"$2\"}" | python3 -c 'import json, sys; print(json.load(sys.stdin)["access"])'
}

run_as() {
  local caller="$1"; shift
  echo "--- schemathesis as ${caller} (${BUDGET} s) ---"
  local status=0
  # One worker: hypothesis' lambda-source cache is not thread-safe (a "Runtime Error" of the tool, not the API).
  "$ST" run "$BASE/api/schema/" "$@" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing --max-time "$BUDGET" --workers 1 --request-timeout 30 \
    --generation-deterministic --no-color --warnings off \
    --report junit --report-junit-path "$REPORTS/${caller}.xml" >"$REPORTS/${caller}.log" 2>&1 || status=$?
  # The summary: operations, test cases, failures by check.
  sed -n '/^=* SUMMARY/,$p' "$REPORTS/${caller}.log" | head -n 40
  if [ "$status" -ne 0 ]; then
    echo "schemathesis as ${caller} failed (exit ${status}); full log:" >&2
    sed -n '/^=* \(FAILURES\|ERRORS\)/,/^=* SUMMARY/p' "$REPORTS/${caller}.log" | cut -c1-400 | head -n 200 >&2
  fi
  return "$status"
}

failed=0
run_as anonymous || failed=1
run_as customer -H "Authorization: Bearer $(token "$CUSTOMER_EMAIL" "$CUSTOMER_PASSWORD")" || failed=1
run_as staff -H "Authorization: Bearer $(token "$STAFF_EMAIL" "$STAFF_PASSWORD")" || failed=1
echo "reports: $REPORTS"
exit "$failed"
