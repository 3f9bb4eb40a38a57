"""The one rule of a time window (discounts, coupons, banners): from ``starts_at`` (inclusive) until ``ends_at``
(exclusive), an empty bound being open. In SQL (``window_q``) and in Python (``in_window``), so a row the
database picks and an object Python checks agree to the microsecond."""

from datetime import datetime

from django.db.models import F, Q


def window_q(at: datetime, *, prefix: str = "") -> Q:
    """Rows whose window (``<prefix>starts_at``/``<prefix>ends_at``) holds ``at``."""
    return started_q(at, prefix=prefix) & not_over_q(at, prefix=prefix)


def started_q(at: datetime, *, prefix: str = "") -> Q:
    return Q(**{f"{prefix}starts_at__isnull": True}) | Q(**{f"{prefix}starts_at__lte": at})


def not_over_q(at: datetime, *, prefix: str = "") -> Q:
    """Rows whose window has not closed by ``at`` (it may still have to open)."""
    return Q(**{f"{prefix}ends_at__isnull": True}) | Q(**{f"{prefix}ends_at__gt": at})


def in_window(starts_at: datetime | None, ends_at: datetime | None, at: datetime) -> bool:
    return not not_started(starts_at, at) and not is_over(ends_at, at)


def not_started(starts_at: datetime | None, at: datetime) -> bool:
    return starts_at is not None and at < starts_at


def is_over(ends_at: datetime | None, at: datetime) -> bool:
    return ends_at is not None and at >= ends_at


def ends_after_start_q() -> Q:
    """The check constraint of a window: when both bounds are set, the end comes after the start."""
    return Q(starts_at__isnull=True) | Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at"))
