import pytest
from django.conf import settings
from django.core.cache import cache

from accounts.models import User
from accounts.tests.assertions import assert_error

TOKEN_URL = "/api/v1/auth/token/"
REFRESH_URL = "/api/v1/auth/token/refresh/"
REGISTER_URL = "/api/v1/auth/register/"
STRONG = "plum-Orbit-4417-kettle"

pytestmark = pytest.mark.django_db


def login(client, email, password, ip="10.0.0.1", **extra):
    return client.post(TOKEN_URL, {"email": email, "password": password}, REMOTE_ADDR=ip, **extra)


def assert_throttled(response):
    assert_error(response, 429, code="throttled", error_type="client_error")
    assert 0 < int(response["Retry-After"]) <= 60


def test_login_is_throttled_per_ip(api_client, throttle_rates, password):
    throttle_rates(login_ip="3/min", login_account="100/min")

    # Different accounts each time: only the per-IP budget can run out.
    answers = [login(api_client, f"guess{i}@example.com", password).status_code for i in range(3)]
    fourth = login(api_client, "guess3@example.com", password)

    assert answers == [401, 401, 401]
    assert_throttled(fourth)
    assert login(api_client, "guess4@example.com", password, ip="10.0.0.2").status_code == 401


def test_login_is_throttled_per_account_whatever_the_ip(api_client, throttle_rates, user, password):
    throttle_rates(login_ip="100/min", login_account="3/min")

    for i, email in enumerate([user.email, user.email.upper(), f"  {user.email} "]):
        assert login(api_client, email, "wrong-guess", ip=f"10.0.1.{i}").status_code == 401

    # A fresh IP, even with the right password and the address in another case, is still refused.
    assert_throttled(login(api_client, user.email.title(), password, ip="10.0.2.1"))
    # Other accounts are unaffected.
    assert login(api_client, "someone.else@example.com", password, ip="10.0.2.1").status_code == 401


def test_successful_logins_count_too(api_client, throttle_rates, user, password):
    throttle_rates(login_ip="2/min", login_account="100/min")

    assert login(api_client, user.email, password).status_code == 200
    assert login(api_client, user.email, password).status_code == 200
    assert_throttled(login(api_client, user.email, password))


def test_token_refresh_is_throttled_per_ip(api_client, throttle_rates):
    throttle_rates(login_ip="2/min")

    for _ in range(2):
        assert api_client.post(REFRESH_URL, {"refresh": "junk"}, REMOTE_ADDR="10.0.3.1").status_code == 401

    assert_throttled(api_client.post(REFRESH_URL, {"refresh": "junk"}, REMOTE_ADDR="10.0.3.1"))


def test_register_is_throttled_per_ip_and_stores_nothing_when_throttled(api_client, throttle_rates):
    throttle_rates(register="3/min")

    for i in range(3):
        response = api_client.post(
            REGISTER_URL, {"email": f"new{i}@example.com", "password": STRONG}, REMOTE_ADDR="10.0.4.1"
        )
        assert response.status_code == 201, response.content
    fourth = api_client.post(REGISTER_URL, {"email": "new3@example.com", "password": STRONG}, REMOTE_ADDR="10.0.4.1")

    assert_throttled(fourth)
    assert not User.objects.filter(email="new3@example.com").exists()
    other_ip = api_client.post(REGISTER_URL, {"email": "new3@example.com", "password": STRONG}, REMOTE_ADDR="10.0.4.2")
    assert other_ip.status_code == 201


def test_a_client_cannot_dodge_the_ip_limit_with_x_forwarded_for(api_client, throttle_rates, settings, password):
    throttle_rates(login_ip="2/min", login_account="100/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}  # no proxy in front

    answers = [
        login(api_client, f"xff{i}@example.com", password, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code
        for i in range(2)
    ]

    assert answers == [401, 401]
    assert_throttled(login(api_client, "xff9@example.com", password, HTTP_X_FORWARDED_FOR="203.0.113.9"))


def test_behind_one_proxy_the_address_it_appends_is_the_client(api_client, throttle_rates, settings, password):
    throttle_rates(login_ip="1/min", login_account="100/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    # The client forges the first entry; the proxy appends the real address last.
    first = login(api_client, "p1@example.com", password, ip="10.9.9.9", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7")
    forged = login(api_client, "p2@example.com", password, ip="10.9.9.9", HTTP_X_FORWARDED_FOR="2.2.2.2, 198.51.100.7")
    other_client = login(api_client, "p3@example.com", password, ip="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.8")

    assert first.status_code == 401
    assert_throttled(forged)
    assert other_client.status_code == 401


def test_default_rates_come_from_settings_and_are_generous_enough_for_people(api_client, user, password):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert {"login_ip", "login_account", "register"} <= set(rates)

    # A person mistyping their password a few times is not locked out by the configured defaults.
    for _ in range(3):
        assert login(api_client, user.email, "typo").status_code == 401
    assert login(api_client, user.email, password).status_code == 200


def test_throttle_counters_live_in_the_shared_cache(api_client, password):
    login(api_client, "counted@example.com", password, ip="10.0.5.1")

    history = cache.get("throttle_login_ip_10.0.5.1")
    assert isinstance(history, list)
    assert len(history) == 1
    if settings.REDIS_URL:
        # Every web process must see the same counters: with REDIS_URL set they are in Redis itself.
        from django_redis import get_redis_connection

        assert settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
        assert get_redis_connection("default").exists(cache.make_key("throttle_login_ip_10.0.5.1")) == 1
