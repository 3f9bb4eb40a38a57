"""The emails accounts sends: the password reset link."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User


def password_reset_link(*, user: User, base_url: str) -> str:
    """The shop's reset page for ``user`` with a fresh one-time token, on ``base_url`` (``scheme://host``)."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uidb64, "token": token})
    return base_url.rstrip("/") + path


def send_password_reset(*, user: User, base_url: str) -> int:
    context = {
        "store_name": settings.STORE_NAME,
        "link": password_reset_link(user=user, base_url=base_url),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    subject = f"[{settings.STORE_NAME}] Reset your password"
    body = render_to_string("accounts/emails/password_reset.txt", context)
    return send_mail(subject, body, None, [user.email])
