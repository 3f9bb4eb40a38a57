"""The Wagtail and Django admin sign-in pages share the shop's sign-in limits (per IP and per account)."""

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/admin/login/", "/django-admin/login/"]
WRONG_GUESS = "wrong-guess"


def attempt(client, page, email, password=WRONG_GUESS, ip="10.0.0.1"):
    return client.post(page, {"username": email, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("page", PAGES)
def test_staff_sign_in_is_throttled_per_ip(client, throttle_rates, page):
    throttle_rates(login_ip="3/min", login_account="100/min")
    assert [attempt(client, page, f"guess{i}@example.com").status_code for i in range(3)] == [200, 200, 200]
    fourth = attempt(client, page, "guess3@example.com")
    assert fourth.status_code == 429
    assert 0 < int(fourth["Retry-After"]) <= 60
    assert attempt(client, page, "guess4@example.com", ip="10.0.0.2").status_code == 200


def test_the_limits_are_shared_with_the_shop_and_the_api(client, api_client, throttle_rates, staff_user, password):
    throttle_rates(login_ip="100/min", login_account="3/min")
    api_client.post("/api/v1/auth/token/", {"email": staff_user.email, "password": "x"}, REMOTE_ADDR="10.0.1.1")
    attempt(client, "/admin/login/", staff_user.email, ip="10.0.1.2")
    attempt(client, "/django-admin/login/", staff_user.email, ip="10.0.1.3")
    # The fourth attempt on this account, from a fresh IP and with the right password, is refused.
    assert attempt(client, "/admin/login/", staff_user.email, password=password, ip="10.0.1.4").status_code == 429


def test_a_staff_member_still_signs_in(client, throttle_rates, staff_user, password):
    throttle_rates(login_ip="3/min", login_account="3/min")
    response = attempt(client, "/admin/login/", staff_user.email, password=password)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
