"""The order confirmation e-mail's signed link: /orders/<number>/?link=<signed> opens the order in that browser."""

import re
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail, signing
from django.test import Client

from accounts.tests.factories import UserFactory
from accounts.tests.pages import place_order_for
from commerce import order_links
from commerce.order_links import SALT
from commerce.services.carts import add_to_cart, create_cart
from commerce.services.orders import place_order
from commerce.tests.factories import stocked_product
from commerce.views import ORDER_LINKS_SESSION_KEY

pytestmark = pytest.mark.django_db
ANON = AnonymousUser()
ADDRESS = {"name": "Ada Lovelace", "line1": "1 Analytical St", "city": "London", "postal_code": "N1", "country": "GB"}
DAY = 86400


@pytest.fixture
def guest_order(on_commit):
    """A guest order placed as it commits: its confirmation e-mail is in ``mail.outbox``."""
    cart = create_cart(user=ANON)
    add_to_cart(cart_id=cart.pk, user=ANON, product_slug=stocked_product(quantity=5).slug, quantity=1)
    return on_commit(place_order, cart_id=cart.pk, email="ada@example.com", shipping_address=ADDRESS, user=ANON).order


def emailed_link(order) -> str:
    [message] = [m for m in mail.outbox if order.number in m.subject]
    return re.search(r"^View your order: (\S+)$", message.body, re.MULTILINE).group(1)


def local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def link_path(number: str, signed: str) -> str:
    return f"/orders/{number}/?{urlencode({'link': signed})}"


def signed_days_ago(number: str, days: float) -> str:
    """A signature of ``number`` as the shop made it ``days`` ago (the signer's clock moved back)."""

    class PastSigner(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time() - days * DAY))

    return PastSigner(salt=SALT).sign(number)


def test_the_confirmation_email_links_to_the_order_on_the_public_base_url(settings, on_commit):
    settings.PUBLIC_BASE_URL = "https://shop.example.com"
    cart = create_cart(user=ANON)
    add_to_cart(cart_id=cart.pk, user=ANON, product_slug=stocked_product(quantity=5).slug, quantity=1)
    order = on_commit(place_order, cart_id=cart.pk, email="ada@example.com", shipping_address=ADDRESS, user=ANON).order

    link = emailed_link(order)

    assert link.startswith(f"https://shop.example.com/orders/{order.number}/?link=")
    assert order_links.linked_order_number(parse_qs(urlsplit(link).query)["link"][0]) == order.number


def test_without_a_public_base_url_the_link_names_the_admin_emails_address(settings, guest_order):
    settings.PUBLIC_BASE_URL = ""
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"

    assert order_links.order_link(guest_order.number).startswith(f"http://127.0.0.1:8000/orders/{guest_order.number}/")


def test_the_link_opens_the_order_for_a_fresh_browser_then_drops_the_signature(guest_order):
    browser = Client()

    opened = browser.get(local(emailed_link(guest_order)))

    assert opened.status_code == 302 and opened["Location"] == f"/orders/{guest_order.number}/"
    page = browser.get(opened["Location"])
    assert page.status_code == 200 and guest_order.number in page.content.decode()
    assert browser.session[ORDER_LINKS_SESSION_KEY] == [guest_order.number]
    # Opening it again adds nothing; another browser without the link still gets a 404.
    browser.get(local(emailed_link(guest_order)))
    assert browser.session[ORDER_LINKS_SESSION_KEY] == [guest_order.number]
    assert Client().get(f"/orders/{guest_order.number}/").status_code == 404


def test_the_linked_session_may_also_pay_from_the_order_page(guest_order):
    browser = Client()
    browser.get(local(emailed_link(guest_order)))

    paid = browser.post(f"/orders/{guest_order.number}/pay/", {"provider": "manual"}, follow=True)

    assert paid.status_code == 200 and "will ship once your payment has arrived" in paid.content.decode()
    assert Client().post(f"/orders/{guest_order.number}/pay/", {"provider": "manual"}).status_code == 404


# Ways a link may be forged, tampered with or mangled: (the real signature, the order number) -> the sent one.
TAMPERED = {
    "signature": lambda s, n: s[:-1] + ("A" if s[-1] != "A" else "B"),
    "number": lambda s, n: s.replace(n, n[:-1] + chr(ord(n[-1]) ^ 1)),
    "other-salt": lambda s, n: signing.TimestampSigner(salt="other").sign(n),
    "other-key": lambda s, n: signing.TimestampSigner(key="k" * 50, salt=SALT).sign(n),
    "no-timestamp": lambda s, n: signing.Signer(salt=SALT).sign(n),
    "bare-number": lambda s, n: n,
    "empty": lambda s, n: "",
    "garbage": lambda s, n: "a:b:c",
    "not-ascii": lambda s, n: "ü:é:x",
    "overlong": lambda s, n: s + "x" * 500,
}


@pytest.mark.parametrize("tamper", TAMPERED.values(), ids=TAMPERED.keys())
def test_a_forged_or_tampered_link_is_a_404(guest_order, tamper):
    signed = tamper(order_links.sign_order_number(guest_order.number), guest_order.number)
    browser = Client()

    assert browser.get(link_path(guest_order.number, signed)).status_code == 404
    assert ORDER_LINKS_SESSION_KEY not in browser.session
    assert browser.get(f"/orders/{guest_order.number}/").status_code == 404


def test_a_link_expires_after_order_link_max_age_days(guest_order, settings):
    number = guest_order.number
    settings.ORDER_LINK_MAX_AGE_DAYS = 90

    assert Client().get(link_path(number, signed_days_ago(number, 91))).status_code == 404
    assert Client().get(link_path(number, signed_days_ago(number, 89))).status_code == 302
    settings.ORDER_LINK_MAX_AGE_DAYS = 1
    assert Client().get(link_path(number, signed_days_ago(number, 2))).status_code == 404


def test_the_link_of_one_order_opens_no_other(guest_order, on_commit):
    cart = create_cart(user=ANON)
    add_to_cart(cart_id=cart.pk, user=ANON, product_slug=stocked_product(quantity=5).slug, quantity=1)
    other = on_commit(place_order, cart_id=cart.pk, email="bob@example.com", shipping_address=ADDRESS, user=ANON).order
    browser = Client()
    signed = order_links.sign_order_number(guest_order.number)

    assert browser.get(link_path(other.number, signed)).status_code == 404
    assert browser.get(link_path(guest_order.number, signed)).status_code == 302
    assert browser.get(f"/orders/{other.number}/").status_code == 404
    assert browser.get(link_path("SF-NOSUCH00", order_links.sign_order_number("SF-NOSUCH00"))).status_code == 404


def test_a_browser_that_may_read_the_order_anyway_just_loses_a_bad_link(client):
    product = stocked_product(quantity=5)
    client.post("/cart/add/", {"product": product.slug, "quantity": 1})
    page = client.get("/checkout/").content.decode()
    hidden = dict(re.findall(r'<input type="hidden" name="(cart|idempotency_key)" value="([^"]+)"', page))
    order_url = client.post("/checkout/", {**ADDRESS, "email": "ada@example.com", **hidden}).url

    response = client.get(f"{order_url}?link=expired-or-mangled")

    assert response.status_code == 302 and response["Location"] == order_url


def test_an_accounts_order_opens_for_its_owner_and_asks_strangers_to_sign_in():
    owner = UserFactory()
    order = place_order_for(owner)
    path = link_path(order.number, order_links.sign_order_number(order.number))
    clean = f"/orders/{order.number}/"

    anonymous = Client()
    to_login = anonymous.get(path)
    assert to_login.status_code == 302
    assert to_login["Location"] == f"/accounts/login/?next={clean}"
    assert ORDER_LINKS_SESSION_KEY not in anonymous.session and anonymous.get(clean).status_code == 404

    signed_in = Client()
    signed_in.force_login(owner)
    assert signed_in.get(path)["Location"] == clean
    assert signed_in.get(clean).status_code == 200

    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(path).status_code == 404
    assert stranger.get(clean).status_code == 404


def test_the_order_page_of_an_accounts_order_is_its_owners_alone():
    owner = UserFactory()
    order = place_order_for(owner)
    stranger = Client()
    stranger.force_login(UserFactory())
    owner_browser = Client()
    owner_browser.force_login(owner)

    assert owner_browser.get(f"/orders/{order.number}/").status_code == 200
    assert stranger.get(f"/orders/{order.number}/").status_code == 404


def test_a_session_keeps_the_newest_linked_orders_only(guest_order, settings):
    from commerce.views import MAX_LINKED_ORDERS

    browser = Client()
    numbers = [f"SF-LINK{n:04d}" for n in range(MAX_LINKED_ORDERS)]  # signed by us, but no such orders
    for number in [guest_order.number, *numbers]:
        browser.get(link_path(number, order_links.sign_order_number(number)))
    kept = browser.session[ORDER_LINKS_SESSION_KEY]
    assert len(kept) == MAX_LINKED_ORDERS and guest_order.number not in kept
    assert browser.get(f"/orders/{guest_order.number}/").status_code == 404  # opening its link again brings it back
    assert (
        browser.get(link_path(guest_order.number, order_links.sign_order_number(guest_order.number))).status_code == 302
    )
    assert browser.get(f"/orders/{guest_order.number}/").status_code == 200
