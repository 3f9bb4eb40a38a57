"""django-payments tells us about every payment status change; the one service books it on the order."""

from django.dispatch import receiver
from payments.signals import status_changed

from commerce.services.payments import record_payment_status


@receiver(status_changed, dispatch_uid="commerce.record_payment_status")
def on_payment_status_changed(sender, instance, **kwargs):
    record_payment_status(payment=instance)
