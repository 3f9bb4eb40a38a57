"""Settings come from the environment; production refuses to start without a secret."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

# ENV_FILE="" reads no .env: each case sees exactly the environment it names.
BASE = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "storefront.settings", "ENV_FILE": ""}


def run_settings(**env):
    code = "import django; django.setup(); from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND'])"  # noqa: E501
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env={**BASE, **env}, capture_output=True, text=True, cwd=settings.BASE_DIR
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_https_settings_default_on_when_debug_is_off():
    result = run_settings(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.stdout.split()[:3] == ["True", "True", "31536000"]


def test_each_https_setting_can_be_switched_off():
    result = run_settings(DEBUG="false", SECRET_KEY="x" * 50, SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="false")
    assert result.stdout.split()[:2] == ["False", "False"]


def test_without_redis_tasks_run_eagerly_and_cache_is_in_memory():
    result = run_settings(DEBUG="1")
    assert result.stdout.split()[3:] == ["True", "django.core.cache.backends.locmem.LocMemCache"]


def test_with_redis_url_cache_and_broker_use_redis():
    result = run_settings(DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/9")
    assert result.stdout.split()[3:] == ["False", "django_redis.cache.RedisCache"]


def test_a_dot_env_file_supplies_what_the_environment_does_not(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("SECRET_KEY=" + "k" * 50 + "\nSECURE_SSL_REDIRECT=0\n")
    result = run_settings(DEBUG="0", ENV_FILE=str(env_file))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"  # from the file


def test_the_environment_wins_over_the_dot_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("SECRET_KEY=" + "k" * 50 + "\nSECURE_SSL_REDIRECT=0\n")
    result = run_settings(DEBUG="0", ENV_FILE=str(env_file), SECURE_SSL_REDIRECT="1")
    assert result.stdout.split()[0] == "True"


@pytest.mark.django_db
def test_the_admin_dashboard_asks_no_third_party(client, staff_user):
    client.force_login(staff_user)
    page = client.get("/admin/").content.decode()
    assert "Dashboard" in page or "wagtail" in page.lower()
    assert "gravatar.com" not in page  # avatars: Wagtail's initials, not an image from gravatar.com
    assert "w-upgrade" not in page and "releases.wagtail.org" not in page  # no version check in the browser
