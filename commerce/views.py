"""Server-rendered shopper pages: /cart/, /checkout/, /orders/<number>/.

Thin, like the API: they find the shopper's cart (the session's guest cart, or the signed-in user's),
call the same services, and turn domain errors into messages. Every form is CSRF-protected.
"""

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import default_address
from catalog.variants import VARIANT_REQUIRED
from commerce import selectors
from commerce.forms import AddToCartForm, CartItemForm, CheckoutForm, CouponForm
from commerce.middleware import SOURCE_SESSION_KEY
from commerce.models import Cart, Order, Stock
from commerce.order_links import LINK_PARAM, linked_order_number
from commerce.permissions import order_token
from commerce.services import carts as cart_services
from commerce.services import idempotency
from commerce.services.orders import place_order
from commerce.throttles import CouponCartThrottle, CouponIPThrottle
from storefront.errors import DomainError, NotFound

# Guest order tokens this browser received, so the order page opens without ?token= in the link.
ORDER_TOKENS_SESSION_KEY = "commerce_order_tokens"
# Numbers of the guest orders whose signed e-mail link this browser opened (commerce.order_links).
ORDER_LINKS_SESSION_KEY = "commerce_order_links"
MAX_LINKED_ORDERS = 20  # the newest ones: a session is not a place to pile up data


def _user(request):
    return request.user if request.user.is_authenticated else AnonymousUser()


def current_cart(request, *, create: bool = False) -> Cart | None:
    """The session's cart if it is still open and usable by this visitor, else the user's latest open cart."""
    cart_id = request.session.get(cart_services.CART_SESSION_KEY)
    cart = None
    if cart_id:
        try:
            cart = cart_services.get_cart(cart_id=cart_id, user=_user(request))
        except (NotFound, ValueError):
            cart = None
        if cart is not None and not cart.is_open:
            cart = None
    if cart is None and request.user.is_authenticated:
        cart = Cart.objects.filter(user=request.user, status=Cart.Status.OPEN).order_by("-updated_at").first()
    if cart is None and create:
        cart = cart_services.create_cart(user=_user(request), source=request.session.get(SOURCE_SESSION_KEY, ""))
    if cart is not None and request.session.get(cart_services.CART_SESSION_KEY) != str(cart.pk):
        request.session[cart_services.CART_SESSION_KEY] = str(cart.pk)
    return cart


def _priced(cart):
    return selectors.price_cart(selectors.carts_with_items().get(pk=cart.pk)) if cart else None


def _shortages(priced) -> dict[int, int]:
    """Lines asking for more than is on the shelf now: cart item id -> units available."""
    if priced is None:
        return {}
    available = dict(
        Stock.objects.filter(variant_id__in=[line.item.variant_id for line in priced.lines]).values_list(
            "variant_id", "quantity"
        )
    )
    return {
        line.item.id: available.get(line.item.variant_id, 0)
        for line in priced.lines
        if line.item.quantity > available.get(line.item.variant_id, 0)
    }


@require_http_methods(["GET"])
def cart_detail(request):
    priced = _priced(current_cart(request))
    return TemplateResponse(request, "commerce/cart.html", {"priced": priced, "shortages": _shortages(priced)})


@require_POST
def cart_add(request):
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a quantity of at least 1.")
        return redirect("cart")
    cart = current_cart(request, create=True)
    try:
        cart_services.add_to_cart(
            cart_id=cart.pk,
            user=_user(request),
            product_slug=form.cleaned_data["product"],
            variant_sku=form.cleaned_data["variant"] or None,
            quantity=form.cleaned_data["quantity"],
            source=request.session.get(SOURCE_SESSION_KEY, ""),
        )
    except DomainError as error:
        messages.error(request, error.detail)
        if error.code == VARIANT_REQUIRED:  # back to the product, to choose one
            return redirect("shop-product", form.cleaned_data["product"])
    else:
        messages.success(request, "Added to your cart.")
    return redirect("cart")


@require_POST
def cart_item_update(request, item_id: int):
    form = CartItemForm(request.POST)
    cart = current_cart(request)
    if cart is None:
        return redirect("cart")
    if not form.is_valid():
        messages.error(request, "Enter a quantity of 0 or more.")
        return redirect("cart")
    try:
        cart_services.update_cart_item(
            cart_id=cart.pk, user=_user(request), item_id=item_id, quantity=form.cleaned_data["quantity"]
        )
    except DomainError as error:
        messages.error(request, error.detail)
    return redirect("cart")


@require_POST
def cart_item_remove(request, item_id: int):
    cart = current_cart(request)
    if cart is not None:
        try:
            cart_services.remove_cart_item(cart_id=cart.pk, user=_user(request), item_id=item_id)
        except DomainError as error:
            messages.error(request, error.detail)
    return redirect("cart")


def _coupon_throttle_wait(request, cart) -> int | None:
    """The page shares the API's coupon limits (per cart and per IP), so guessing moves to neither."""
    view = SimpleNamespace(kwargs={"cart_id": cart.pk})
    waits = [
        throttle.wait() or 1
        for throttle in (CouponCartThrottle(), CouponIPThrottle())
        if not throttle.allow_request(request, view)
    ]
    return int(max(waits)) if waits else None


@require_POST
def cart_coupon(request):
    cart = current_cart(request)
    form = CouponForm(request.POST)
    if cart is None or not form.is_valid():
        messages.error(request, "Enter a coupon code.")
        return redirect("cart")
    wait = _coupon_throttle_wait(request, cart)
    if wait:
        messages.error(request, f"Too many coupon attempts. Try again in {wait} seconds.")
        return redirect("cart")
    try:
        cart_services.apply_coupon(cart_id=cart.pk, user=_user(request), code=form.cleaned_data["code"])
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, "Coupon applied.")
    return redirect("cart")


@require_POST
def cart_coupon_remove(request):
    cart = current_cart(request)
    if cart is not None:
        try:
            cart_services.remove_coupon(cart_id=cart.pk, user=_user(request))
        except DomainError as error:
            messages.error(request, error.detail)
    return redirect("cart")


@require_http_methods(["GET", "POST"])
def checkout(request):
    if request.method == "POST":
        form = CheckoutForm(request.POST)
        if form.is_valid():
            return _place_order(request, form)
    cart = current_cart(request)
    priced = _priced(cart)
    if priced is None or not priced.lines:
        messages.info(request, "Your cart is empty.")
        return redirect("cart")
    address = None
    if request.method == "GET":
        initial = {"cart": cart.pk, "email": request.user.email if request.user.is_authenticated else ""}
        # A signed-in shopper's default address fills the form in (accounts' address book).
        address = default_address(user=request.user)
        if address is not None:
            initial.update(address.as_shipping_address())
        form = CheckoutForm(initial=initial)
    shipping = selectors.shipping_for(merchandise_total=priced.total)
    context = {
        "priced": priced,
        "form": form,
        "shipping": shipping,
        "grand_total": priced.total + shipping,
        "shortages": _shortages(priced),
        "prefilled_from": address,
    }
    return TemplateResponse(request, "commerce/checkout.html", context)


def _place_order(request, form: CheckoutForm):
    """Place the order for the cart the form was shown for; a repeated submission gets the same order."""
    cart_id = form.cleaned_data["cart"]
    data = {"cart": str(cart_id), "email": form.cleaned_data["email"], "shipping_address": form.shipping_address()}
    try:
        placed = place_order(
            cart_id=cart_id,
            email=data["email"],
            shipping_address=data["shipping_address"],
            user=_user(request),
            idempotency_key=form.cleaned_data["idempotency_key"],
            request_hash=idempotency.request_hash(data),
        )
    except DomainError as error:
        messages.error(request, _line_message(error, cart_id=cart_id, user=_user(request)))
        return redirect("cart" if error.code in ("out_of_stock", "cart_checked_out", "not_found") else "checkout")
    if placed.access_token:
        tokens = request.session.get(ORDER_TOKENS_SESSION_KEY, {})
        tokens[placed.order.number] = placed.access_token
        request.session[ORDER_TOKENS_SESSION_KEY] = tokens
    if request.session.get(cart_services.CART_SESSION_KEY) == str(cart_id):
        del request.session[cart_services.CART_SESSION_KEY]
    if not placed.replayed:
        messages.success(request, f"Thank you! Your order {placed.order.number} has been placed.")
    return redirect("order-detail", number=placed.order.number)


def _line_message(error: DomainError, *, cart_id, user) -> str:
    """Name the product of the line an out_of_stock error points at (``items.<index>.quantity``)."""
    if error.code == "out_of_stock" and error.attr and error.attr.startswith("items."):
        try:
            lines = _priced(cart_services.get_cart(cart_id=cart_id, user=user)).lines
        except NotFound:
            lines = []
        index = int(error.attr.split(".")[1])
        if index < len(lines):
            return f"{lines[index].item.product.name}: {error.detail} Please lower the quantity."
    return error.detail


def order_for_request(request, number: str) -> Order:
    """The order if this visitor may read it, else Http404: its owner (or staff with the order permission), or a
    guest with its token (``X-Order-Token``/``?token=``, or kept in the session at checkout) or whose session
    opened its e-mailed link. The one place the shop's pages gather a guest's proof."""
    session = request.session
    token = order_token(request) or session.get(ORDER_TOKENS_SESSION_KEY, {}).get(number)
    linked = number in session.get(ORDER_LINKS_SESSION_KEY, ())
    try:
        return selectors.order_for(number=number, user=request.user, token=token, linked=linked)
    except NotFound as error:
        raise Http404(error.detail) from error


@require_http_methods(["GET"])
def order_detail(request, number: str):
    if LINK_PARAM in request.GET:
        return _open_order_link(request, number)
    order = order_for_request(request, number)
    return TemplateResponse(request, "commerce/order_detail.html", {"order": order, "cart_url": reverse("cart")})


def _open_order_link(request, number: str):
    """The confirmation e-mail's signed link: valid for this order, it lets this session read a guest order.
    Then the page again without the signature, so it stays out of the history and of Referer headers."""
    clean_url = reverse("order-detail", args=[number])
    if linked_order_number(request.GET.get(LINK_PARAM)) == number:
        owner_id = Order.objects.filter(number=number).values_list("user_id", flat=True).first()
        if owner_id is None:  # a guest order (or none at all: the 404 below)
            links = [linked for linked in request.session.get(ORDER_LINKS_SESSION_KEY, []) if linked != number]
            request.session[ORDER_LINKS_SESSION_KEY] = [*links, number][-MAX_LINKED_ORDERS:]
        elif not request.user.is_authenticated:
            return redirect_to_login(clean_url)  # an account's order: its owner signs in to see it
    # Forged, tampered, expired or another order's: no proof, so a 404 unless the visitor has another one.
    order_for_request(request, number)
    return redirect(clean_url)


# --- A signed-in shopper's order history (/accounts/orders/) ----------------------------------------------

ORDERS_PER_PAGE = 10


@login_required
@require_http_methods(["GET"])
def account_order_list(request):
    # Only the shopper's own orders, also for staff (who read everyone's in the admin and the API).
    orders = selectors.orders_with_details().filter(user=request.user).order_by("-created_at", "-id")
    page = Paginator(orders, ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "accounts/order_list.html", {"page_obj": page, "orders": page.object_list})


@login_required
@require_http_methods(["GET"])
def account_order_detail(request, number: str):
    try:
        order = selectors.order_for(number=number, user=request.user)
    except NotFound as error:
        raise Http404(error.detail) from error
    if order.user_id != request.user.pk:
        raise Http404("Order not found.")  # staff reading someone else's order do that in the admin
    context = {"order": order, "cart_url": reverse("cart"), "account_page": True}
    return TemplateResponse(request, "accounts/order_detail.html", context)
