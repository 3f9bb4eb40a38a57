"""Reactions to account changes made anywhere (services, the Django and Wagtail admin, the shell).

A new password signs the user out of every API client: their refresh tokens are revoked once the change
commits (browser sessions end by themselves, as Django ties them to the password hash)."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.models import User


@receiver(pre_save, sender=User, dispatch_uid="accounts-password-changing")
def _note_password_change(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_changed = stored is not None and stored != instance.password


@receiver(post_save, sender=User, dispatch_uid="accounts-password-changed")
def _revoke_tokens_after_password_change(sender, instance, raw=False, **kwargs) -> None:
    if raw or not getattr(instance, "_password_changed", False):
        return
    instance._password_changed = False
    from accounts.services import revoke_all_refresh_tokens

    transaction.on_commit(partial(revoke_all_refresh_tokens, user=instance))
