"""Store-local days and report periods. Every report's calendar follows settings.TIME_ZONE."""

import zoneinfo
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

INTERVALS = ("day", "week", "month")


def store_tz() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def today() -> date:
    return timezone.localdate(timezone=store_tz())


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment, store_tz()).date()


def day_start(day: date) -> datetime:
    """The aware instant the store-local ``day`` begins (DST-correct: zoneinfo picks that date's offset)."""
    return datetime.combine(day, time.min, tzinfo=store_tz())


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def period_start(day: date, interval: str) -> date:
    """The first day of the period holding ``day``: itself, its ISO week's Monday, or the 1st of its month."""
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


def periods(start: date, end: date, interval: str) -> list[date]:
    """Every period touching [start, end], labelled by its first day (which may precede ``start``)."""
    seen: dict[date, None] = {}
    for day in days(start, end):
        seen.setdefault(period_start(day, interval), None)
    return list(seen)


def runs(day_list: list[date]) -> list[tuple[date, date]]:
    """Sorted days as contiguous (first, last) runs: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    result: list[tuple[date, date]] = []
    for day in sorted(day_list):
        if result and day == result[-1][1] + timedelta(days=1):
            result[-1] = (result[-1][0], day)
        else:
            result.append((day, day))
    return result


def moments_in(field: str, day_list: list[date]) -> Q:
    """A filter on the datetime ``field`` for the store-local ``day_list`` (one range per contiguous run)."""
    condition = Q(pk__in=[])
    for first, last in runs(day_list):
        condition |= Q(**{f"{field}__gte": day_start(first), f"{field}__lt": day_start(last + timedelta(days=1))})
    return condition
