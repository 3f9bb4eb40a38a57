"""Accounts' Celery tasks: thin, they take ids and re-read."""

from celery import shared_task

from accounts import emails
from accounts.services import password_reset_user


@shared_task
def send_password_reset_email(*, user_id: int, base_url: str) -> bool:
    """Mail a fresh reset link to the user if they still may reset (active, usable password). True if sent."""
    user = password_reset_user(user_id=user_id)
    if user is None:
        return False
    return emails.send_password_reset(user=user, base_url=base_url) == 1
