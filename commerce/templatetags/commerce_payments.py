"""The payment step on the shop's order page (the providers the operator switched on) and the admin's refund form."""

from django import template

from commerce.services.payments import available_providers, is_payable, is_refundable

register = template.Library()


@register.simple_tag
def payment_providers(order) -> list:
    """The providers an order can be paid with now; none once it is paid, cancelled or otherwise not payable."""
    return available_providers() if is_payable(order) else []


@register.filter
def refundable(payment) -> bool:
    """``{% if payment|refundable %}``: the admin's refund form, for the payments the refund service accepts."""
    return is_refundable(payment)
