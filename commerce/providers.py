"""Our own django-payments provider: bank transfer or cash on delivery."""

from django.http import HttpResponseNotFound
from payments import PaymentError
from payments.core import BasicProvider


class ManualProvider(BasicProvider):
    """Money arrives outside the shop (a bank transfer, cash on delivery): there is nothing to redirect to and no
    callback. The payment waits until Fulfilment marks the order paid (``transition_order`` to ``paid``).
    A refund is paid back by hand, so the provider only records it."""

    def get_form(self, payment, data=None):
        raise PaymentError("Manual payments have no payment page.")

    def process_data(self, payment, request):
        # Nobody outside the shop may confirm a manual payment: only staff, through the order's transition.
        return HttpResponseNotFound()

    def capture(self, payment, amount=None):
        return amount or payment.total

    def release(self, payment):
        return None

    def refund(self, payment, amount=None):
        return amount or payment.captured_amount

    def cancel(self, payment):
        return None
