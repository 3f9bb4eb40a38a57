"""Every per-IP limit counts the client by one function, which trusts X-Forwarded-For only for the NUM_PROXIES
hops the operator configured (none by default): rotating the header escapes no limit."""

from decimal import Decimal

import pytest
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from commerce.tests.api_helpers import cart_with
from commerce.tests.factories import stocked_product
from storefront.throttling import client_ip

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    def set_rates(**rates):
        current = settings.REST_FRAMEWORK
        settings.REST_FRAMEWORK = {**current, "DEFAULT_THROTTLE_RATES": {**current["DEFAULT_THROTTLE_RATES"], **rates}}

    return set_rates


@pytest.fixture
def num_proxies(settings):
    def set_num_proxies(n: int):
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": n}

    return set_num_proxies


def rotating(i: int) -> dict:
    return {"HTTP_X_FORWARDED_FOR": f"203.0.113.{i}"}


def request_from(remote_addr: str, forwarded_for: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **extra)


def test_by_default_no_forwarded_address_is_trusted(settings):
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0  # with DEBUG off too (the test settings)
    assert client_ip(request_from("10.0.0.1", "203.0.113.5")) == "10.0.0.1"


@pytest.mark.parametrize(
    ("n", "forwarded_for", "expected"),
    [
        (1, "1.1.1.1, 198.51.100.7", "198.51.100.7"),  # the client forged the first entry, the proxy appended
        (1, "198.51.100.7", "198.51.100.7"),
        (2, "1.1.1.1, 198.51.100.7, 10.0.0.2", "198.51.100.7"),  # two proxies: the outer one saw the client
        (2, "198.51.100.7", "198.51.100.7"),  # fewer hops than proxies: the first one
        (1, " , ", "10.0.0.1"),  # nothing usable: the peer
        (1, None, "10.0.0.1"),
    ],
)
def test_behind_proxies_the_address_the_outermost_one_saw_is_the_client(num_proxies, n, forwarded_for, expected):
    num_proxies(n)
    assert client_ip(request_from("10.0.0.1", forwarded_for)) == expected


def test_rotating_x_forwarded_for_does_not_escape_the_api_sign_in_limit(rates):
    rates(login_ip="3/min", login_account="100/min")
    client = APIClient()
    answers = [
        client.post("/api/v1/auth/token/", {"email": f"spray{i}@example.com", "password": "x"}, **rotating(i))
        for i in range(5)
    ]
    assert [r.status_code for r in answers] == [401, 401, 401, 429, 429]


@pytest.mark.parametrize("page", ["/accounts/login/", "/admin/login/", "/django-admin/login/"])
def test_rotating_x_forwarded_for_does_not_escape_the_sign_in_pages_limit(rates, page):
    rates(login_ip="3/min", login_account="100/min")
    client = Client()
    answers = [
        client.post(page, {"username": f"spray{i}@example.com", "password": "x"}, **rotating(i)).status_code
        for i in range(5)
    ]
    assert answers[3:] == [429, 429]


def test_rotating_x_forwarded_for_does_not_escape_the_coupon_limit(rates):
    rates(coupon_cart="100/min", coupon_ip="3/min")
    client = APIClient()
    tea = stocked_product(quantity=50)
    carts = [cart_with(client, (tea, 1)) for _ in range(5)]
    answers = [
        client.post(f"/api/v1/carts/{cart}/coupon/", {"code": "GUESS"}, **rotating(i)).status_code
        for i, cart in enumerate(carts)
    ]
    assert answers == [400, 400, 400, 429, 429]


def test_rotating_x_forwarded_for_does_not_escape_the_coupon_limit_on_the_cart_page(rates):
    rates(coupon_cart="100/min", coupon_ip="2/min")
    product = stocked_product(quantity=50, price=Decimal("10.00"))
    pages = []
    for i in range(3):
        client = Client()  # a fresh session, so a fresh cart, each time
        client.post("/cart/add/", {"product": product.slug, "quantity": 1})
        pages.append(client.post("/cart/coupon/", {"code": "GUESS"}, follow=True, **rotating(i)).content.decode())
    assert ["Too many coupon attempts" in page for page in pages] == [False, False, True]


def test_behind_one_proxy_the_limit_counts_the_hop_it_appended(rates, num_proxies):
    rates(login_ip="1/min", login_account="100/min")
    num_proxies(1)
    client = APIClient()

    def login(forwarded_for: str):
        body = {"email": "p@example.com", "password": "x"}
        return client.post("/api/v1/auth/token/", body, REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR=forwarded_for)

    assert login("1.1.1.1, 198.51.100.7").status_code == 401
    assert login("2.2.2.2, 198.51.100.7").status_code == 429  # same client, another forged first entry
    assert login("198.51.100.8").status_code == 401  # another client behind the same proxy
