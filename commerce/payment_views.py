"""The shop's payment page: the provider's form for one payment attempt (``/payments/<token>/``).

Anyone holding the payment's token (an unguessable UUID, handed out in ``next_action.url``) may open it, as
with a provider's hosted page; what the page shows and accepts is up to the provider. The confirmation itself
always comes through django-payments (``payment.get_form`` / the provider's callback), never from our code.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from payments import PaymentError, RedirectNeeded

from commerce.models import Payment
from commerce.payment_config import REDIRECT
from commerce.permissions import order_token
from commerce.services.payments import OPEN_PAYMENT_STATUSES, provider_kind, start_payment
from commerce.views import ORDER_TOKENS_SESSION_KEY, order_for_request
from storefront.errors import DomainError


@require_http_methods(["POST"])
def order_pay(request, number: str):
    """The order page's payment step: start an attempt with the chosen provider, then go to its page (a manual
    provider has none: the order page says the order waits for the money)."""
    order = order_for_request(request, number)
    token = order_token(request)
    if token and order.access_token_matches(token):
        # The order page the shopper returns to opens with it, as after the checkout.
        tokens = request.session.get(ORDER_TOKENS_SESSION_KEY, {})
        if tokens.get(number) != token:
            request.session[ORDER_TOKENS_SESSION_KEY] = {**tokens, number: token}
    try:
        payment = start_payment(
            order=order, provider=request.POST.get("provider", ""), customer_ip=request.META.get("REMOTE_ADDR")
        )
    except DomainError as error:
        messages.error(request, error.detail)
        return redirect("order-detail", number)
    if provider_kind(payment.variant) == REDIRECT:
        return redirect(reverse("payment-page", args=[payment.token]))
    messages.success(request, "Thank you: your order is reserved and will ship once your payment has arrived.")
    return redirect("order-detail", number)


@require_http_methods(["GET", "POST"])
def payment_page(request, token):
    payment = get_object_or_404(Payment.objects.select_related("order"), token=str(token))
    if provider_kind(payment.variant) != REDIRECT:
        raise Http404("No payment page for this provider.")
    if payment.status not in OPEN_PAYMENT_STATUSES:
        # Paid, failed or closed already: back to where the shopper goes after paying.
        return HttpResponseRedirect(payment.get_success_url())
    error = None
    # The provider's status changes commit even when it answers with a redirect or an error: caught inside.
    with transaction.atomic():
        try:
            form = payment.get_form(data=request.POST or None)
        except RedirectNeeded as needed:
            return HttpResponseRedirect(str(needed))
        # OSError: the gateway could not be reached; ValueError: django-payments refusing the payment's state.
        except (PaymentError, OSError, ValueError) as failure:
            form, error = None, str(failure) or "The payment provider could not be reached."
    context = {"payment": payment, "order": payment.order, "form": form, "error": error}
    return TemplateResponse(request, "commerce/payment.html", context, status=502 if error else 200)
