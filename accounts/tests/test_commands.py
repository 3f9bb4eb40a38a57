"""The operator's commands: createsuperuser --noinput from the environment, and the dev-only admin."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_createsuperuser_noinput_reads_email_and_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "Ops@Example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-strong-pass-123")
    call_command("createsuperuser", "--noinput", verbosity=0)
    user = User.objects.get()
    assert user.email == "ops@example.com"
    assert user.is_superuser and user.is_staff and user.check_password("a-strong-pass-123")


def test_dev_admin_is_refused_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("create_dev_admin")
    assert not User.objects.exists()


def test_dev_admin_is_created_then_reset_with_debug_on(settings, capsys):
    settings.DEBUG = True
    call_command("create_dev_admin", "--email", "admin@example.com", "--password", "first-pass-123")
    call_command("create_dev_admin", "--email", "ADMIN@example.com", "--password", "second-pass-456")
    admin = User.objects.get()
    assert admin.is_superuser and admin.check_password("second-pass-456")
    assert "admin@example.com / second-pass-456" in capsys.readouterr().out
