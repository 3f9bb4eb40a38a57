"""Periodic commerce tasks."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commerce.models import IdempotencyKey
from commerce.tasks import IDEMPOTENCY_KEY_TTL, purge_idempotency_keys

pytestmark = pytest.mark.django_db


def test_idempotency_keys_are_forgotten_after_a_day():
    old = IdempotencyKey.objects.create(scope="user:1", key="old", request_hash="h")
    fresh = IdempotencyKey.objects.create(scope="user:1", key="fresh", request_hash="h")
    IdempotencyKey.objects.filter(pk=old.pk).update(created_at=timezone.now() - IDEMPOTENCY_KEY_TTL - timedelta(1))
    assert purge_idempotency_keys() == 1
    assert list(IdempotencyKey.objects.values_list("pk", flat=True)) == [fresh.pk]
