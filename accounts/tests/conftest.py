import pytest

from accounts.tests.factories import DEFAULT_PASSWORD


@pytest.fixture
def password():
    return DEFAULT_PASSWORD


@pytest.fixture
def throttle_rates(settings):
    """Set some throttle rates for one test (e.g. `throttle_rates(login_ip="3/min")`)."""

    def set_rates(**rates):
        current = settings.REST_FRAMEWORK
        settings.REST_FRAMEWORK = {
            **current,
            "DEFAULT_THROTTLE_RATES": {**current["DEFAULT_THROTTLE_RATES"], **rates},
        }

    return set_rates
