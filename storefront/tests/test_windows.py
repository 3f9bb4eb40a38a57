"""The window rule (storefront.windows): SQL and Python agree at both bounds, an empty bound is open."""

from datetime import timedelta

import pytest
from django.utils import timezone

from home.models import Banner
from home.tests.factories import BannerFactory
from storefront.windows import in_window, is_over, not_started, window_q

pytestmark = pytest.mark.django_db

NOW = timezone.now()
WINDOWS = [
    (None, None),
    (NOW, None),  # opens at this very moment: inside
    (None, NOW),  # closes at this very moment: outside
    (NOW - timedelta(seconds=1), NOW + timedelta(seconds=1)),
    (NOW + timedelta(microseconds=1), None),
    (None, NOW + timedelta(microseconds=1)),
]


@pytest.mark.parametrize(("starts_at", "ends_at"), WINDOWS)
def test_sql_and_python_agree(starts_at, ends_at):
    banner = BannerFactory(starts_at=starts_at, ends_at=ends_at)
    in_sql = Banner.objects.filter(window_q(NOW), pk=banner.pk).exists()
    assert in_sql == in_window(starts_at, ends_at, NOW)


def test_the_bounds():
    assert in_window(NOW, None, NOW) and not in_window(None, NOW, NOW)
    assert not_started(NOW + timedelta(microseconds=1), NOW) and not not_started(None, NOW)
    assert is_over(NOW, NOW) and not is_over(None, NOW)
