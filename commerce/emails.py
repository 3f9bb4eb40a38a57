"""The emails commerce sends: order confirmations to shoppers, low-stock alerts to staff."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail

from commerce.models import Order
from commerce.order_links import order_link


def staff_recipients() -> list[str]:
    """STAFF_NOTIFICATION_EMAILS, or else every active superuser's address."""
    if settings.STAFF_NOTIFICATION_EMAILS:
        return list(settings.STAFF_NOTIFICATION_EMAILS)
    users = get_user_model().objects.filter(is_active=True, is_superuser=True).exclude(email="")
    return sorted(users.values_list("email", flat=True))


def send_low_stock_alert(*, payload: dict) -> int:
    recipients = staff_recipients()
    if not recipients:
        return 0
    subject = f"[{settings.STORE_NAME}] Low stock: {payload['name']} ({payload['sku']})"
    body = (
        f"{payload['name']} (SKU {payload['sku']}) is down to {payload['quantity']} unit(s); "
        f"the low-stock threshold is {payload['low_stock_threshold']}.\n"
    )
    return send_mail(subject, body, None, recipients)


def _options(line) -> str:
    """ " (Size: M, Colour: Red)" for a line of a variant with options."""
    options = ", ".join(f"{name}: {value}" for name, value in (line.options or {}).items())
    return f" ({options})" if options else ""


def send_order_confirmation(*, order: Order) -> int:
    lines = "\n".join(
        f"  {line.quantity} x {line.name}{_options(line)} ({line.sku})  {line.line_total} {order.currency}"
        for line in order.lines.all()
    )
    body = (
        f"Thank you for your order {order.number}.\n\n{lines}\n\n"
        f"Subtotal: {order.subtotal} {order.currency}\n"
        f"Discount: {order.discount_total} {order.currency}\n"
        f"Shipping: {order.shipping_total} {order.currency}\n"
        f"Total: {order.total} {order.currency}\n\n"
        f"View your order: {order_link(order.number)}\n"
    )
    return send_mail(f"[{settings.STORE_NAME}] Order {order.number} confirmed", body, None, [order.email])
