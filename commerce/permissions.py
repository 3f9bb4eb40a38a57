"""Who may read and work orders and stock: the one home of these rules, for the API views and the shop's pages.

Staff access follows model permissions (README, "Staff roles"): reading other people's orders needs
``commerce.view_order``, moving them along (transitions, cancel) ``commerce.change_order``; stock reads need
``commerce.view_stock``, stock changes ``commerce.change_stock``, the ledger ``commerce.view_stockmovement``.
A staff user without the order permissions is a customer like any other: their own orders only, anyone else's
is a 404. The Wagtail admin applies the same model permissions through its permission policies.
"""

from django.db.models import QuerySet

from commerce.models import Order
from storefront.api.permissions import StaffModelPermissions
from storefront.errors import Forbidden

VIEW_ORDER = "commerce.view_order"
CHANGE_ORDER = "commerce.change_order"
ORDER_TOKEN_HEADER = "X-Order-Token"  # noqa: S105 - a header name, not a secret
MAX_ORDER_TOKEN_LENGTH = 200  # issued tokens are 43 characters; anything much longer is not one


def order_token(request) -> str | None:
    """A guest's proof for an order: the ``X-Order-Token`` header (which stays out of URLs and access logs),
    else ``?token=``."""
    token = request.headers.get(ORDER_TOKEN_HEADER) or request.GET.get("token")
    return token if token and len(token) <= MAX_ORDER_TOKEN_LENGTH else None


def has_staff_permission(user, permission: str) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_staff and user.has_perm(permission))


def sees_all_orders(user) -> bool:
    # The change permission implies the view one, as in Django's and Wagtail's admin.
    return has_staff_permission(user, VIEW_ORDER) or has_staff_permission(user, CHANGE_ORDER)


def scope_orders(orders: QuerySet[Order], *, user) -> QuerySet[Order]:
    """The part of ``orders`` the user may read: all for staff with the order permission, else their own."""
    if sees_all_orders(user):
        return orders
    if user is not None and user.is_authenticated:
        return orders.filter(user=user)
    return orders.none()


def may_read_order(*, user, order: Order, token: str | None = None, linked: bool = False) -> bool:
    """Staff with the order permission, the order's owner, or a guest holding its access token or, ``linked``,
    having opened its confirmation e-mail's signed link in this browser session (``commerce.order_links``)."""
    if sees_all_orders(user):
        return True
    if user is not None and user.is_authenticated and order.user_id == user.pk:
        return True
    return order.user_id is None and (linked or order.access_token_matches(token))


def check_may_cancel(*, user, order: Order, token: str | None = None) -> None:
    """The owner (a guest: with the order's token) or staff with ``commerce.change_order`` may cancel.

    Call it for an order the caller may read (see ``may_read_order``); others get a 404 before this.
    Raises Forbidden for staff who may read the order but not change it."""
    owner = order.user_id is not None and user is not None and order.user_id == user.pk
    guest_owner = order.user_id is None and order.access_token_matches(token)
    if not (owner or guest_owner or has_staff_permission(user, CHANGE_ORDER)):
        raise Forbidden("You may not change this order.")


class CommerceStaffPermissions(StaffModelPermissions):
    """Staff holding the model permission of the view's ``queryset`` model. A POST to an existing order or stock
    row (a transition, an adjustment) changes it, so it needs ``change_<model>`` rather than ``add_<model>``."""

    perms_map = {**StaffModelPermissions.perms_map, "POST": ["%(app_label)s.change_%(model_name)s"]}
