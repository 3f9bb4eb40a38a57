"""Test settings: the real settings with the few changes a test run needs, nothing copied."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-insecure-key-that-is-long-enough-for-hs256-jwt-signing")
# The test client speaks plain HTTP.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("LOG_FORMAT", "plain")
os.environ.setdefault("LOG_LEVEL", "WARNING")
# The dummy provider (payments confirmed by hand) is how tests drive the full payment path.
os.environ.setdefault("PAYMENT_PROVIDERS", "dummy,manual")

from storefront.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; never used outside tests
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
# Event handlers run in-process; the broker-outage tests switch this off for themselves.
CELERY_TASK_ALWAYS_EAGER = True
# Tests never run collectstatic; let whitenoise find files through the finders instead.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tests clear the cache between them: read the catalog version every time rather than trust last test's.
CATALOG_CACHE_VERSION_CHECK = 0
