"""The payment step on the shop's order page: the providers the operator switched on."""

from django import template

from commerce.services.payments import PAYABLE_PAYMENT_STATUSES, available_providers

register = template.Library()


@register.simple_tag
def payment_providers(order) -> list:
    """The providers an order can be paid with now; none once it is paid, cancelled or otherwise not payable."""
    if order.status != "pending" or order.payment_status not in PAYABLE_PAYMENT_STATUSES:
        return []
    return available_providers()
