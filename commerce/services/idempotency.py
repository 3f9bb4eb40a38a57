"""Idempotency keys: one request per (caller, key) takes effect; retries get the stored response.

Used inside the transaction of the operation it protects: the key row is inserted first, so a concurrent
request with the same key blocks on the unique constraint until the first one commits (then it reads the
stored response) or rolls back (then it goes ahead itself). A failed operation stores nothing.
"""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction

from commerce.models import IdempotencyKey
from storefront.errors import Conflict, InvalidInput

KEY_REUSED = "idempotency_key_reused"
MAX_KEY_LENGTH = 255


def request_hash(data) -> str:
    """A stable fingerprint of a request body (key order and whitespace do not matter)."""
    canonical = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def claim_key(*, scope: str, key: str, fingerprint: str) -> tuple[IdempotencyKey, bool]:
    """Take the key for this request, or find the request that already took it.

    Returns ``(row, True)`` when this request owns the key (carry on, then call ``store_response``) and
    ``(row, False)`` for a repeat of an earlier, completed request with the same body. Raises Conflict
    idempotency_key_reused when the key was used with another body. Must run inside a transaction.
    """
    if not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidInput(f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters.", attr="Idempotency-Key")
    for _ in range(2):
        try:
            with transaction.atomic():
                return IdempotencyKey.objects.create(scope=scope, key=key, request_hash=fingerprint), True
        except IntegrityError:
            # Someone committed this key first (we waited for them on the unique index).
            existing = IdempotencyKey.objects.filter(scope=scope, key=key).first()
        if existing is None:
            continue  # purged in between: try to take it again
        if existing.request_hash != fingerprint:
            raise Conflict(
                "This Idempotency-Key was already used with a different request.", code=KEY_REUSED, attr=None
            )
        return existing, False
    raise Conflict("This Idempotency-Key is busy; retry.", code=KEY_REUSED)


def store_response(*, row: IdempotencyKey, status_code: int, response: dict | None, order=None) -> None:
    row.status_code = status_code
    row.response = json.dumps(response, cls=DjangoJSONEncoder) if response is not None else None
    row.order = order
    row.save(update_fields=["status_code", "response", "order"])


def stored_response(row: IdempotencyKey) -> dict | None:
    """The response as first sent (keys in their original order)."""
    return json.loads(row.response) if row.response is not None else None
