"""The payment providers an operator may switch on (``PAYMENT_PROVIDERS``), as django-payments' PAYMENT_VARIANTS.

Read by the settings module, so it imports nothing from Django or django-payments: only names and paths.
"""

from dataclasses import dataclass
from importlib.util import find_spec

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class ProviderInfo:
    name: str  # shown to shoppers
    kind: str  # "redirect": the shopper is sent to a payment page; "manual": staff mark the order paid
    path: str  # the django-payments provider class


REDIRECT, MANUAL = "redirect", "manual"
PROVIDER_KIND_CHOICES = [(REDIRECT, "Redirect"), (MANUAL, "Manual")]

KNOWN_PROVIDERS: dict[str, ProviderInfo] = {
    "dummy": ProviderInfo("Test payment (confirm or reject by hand)", REDIRECT, "payments.dummy.DummyProvider"),
    "manual": ProviderInfo("Bank transfer or cash on delivery", MANUAL, "commerce.providers.ManualProvider"),
    "stripe": ProviderInfo("Card (Stripe)", REDIRECT, "payments.stripe.StripeProviderV3"),
}


def payment_variants(
    provider_ids: list[str],
    *,
    stripe_api_key: str = "",
    stripe_endpoint_secret: str = "",
    stripe_secure_endpoint: bool = True,
) -> dict[str, tuple[str, dict]]:
    """PAYMENT_VARIANTS for the listed ids, in their order. Unknown ids and Stripe without keys refuse to start."""
    variants: dict[str, tuple[str, dict]] = {}
    for provider_id in (pid.strip() for pid in provider_ids):
        if not provider_id:
            continue
        if provider_id not in KNOWN_PROVIDERS:
            known = ", ".join(KNOWN_PROVIDERS)
            raise ImproperlyConfigured(f"PAYMENT_PROVIDERS: unknown provider {provider_id!r} (known: {known}).")
        config: dict = {}
        if provider_id == "stripe":
            if not stripe_api_key or (stripe_secure_endpoint and not stripe_endpoint_secret):
                raise ImproperlyConfigured("The stripe provider needs STRIPE_API_KEY and STRIPE_ENDPOINT_SECRET.")
            if find_spec("stripe") is None:
                raise ImproperlyConfigured("The stripe provider needs the stripe package: pip install 'stripe>=7.8'.")
            config = {
                "api_key": stripe_api_key,
                "endpoint_secret": stripe_endpoint_secret,
                "secure_endpoint": stripe_secure_endpoint,
            }
        variants[provider_id] = (KNOWN_PROVIDERS[provider_id].path, config)
    return variants
