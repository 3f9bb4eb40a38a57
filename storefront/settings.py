"""Settings for the storefront, read from the environment in this one place.

Every knob the operator turns is an environment variable named after the Django setting it drives
(see ``site/env.example``). Defaults suit a laptop: SQLite, in-memory cache, Celery tasks run eagerly.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env (made by `make install`) is a convenience for a checkout; real deployments set the environment,
# which always wins. ENV_FILE points elsewhere (tests use it to read none).
ENV_FILE = env.str("ENV_FILE", default=str(BASE_DIR / ".env"))
if ENV_FILE and Path(ENV_FILE).is_file():
    environ.Env.read_env(ENV_FILE, overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "storefront",
    "accounts",
    "catalog",
    "commerce",
    "home",
    "reports",
    "wagtail.api.v2",
    "wagtail_headless_preview",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "drf_standardized_errors",
    "django_filters",
    "corsheaders",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "storefront.logging.RequestIdMiddleware",
    # NUL bytes, overlong URLs and oversized bodies are refused before anything reads them (storefront/edge.py).
    "storefront.edge.EdgeGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response, the ones whitenoise and the catalog cache answer included.
    "storefront.csp.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Counts product views (a Redis increment) before the catalog cache may answer the request.
    "reports.middleware.ProductViewCounterMiddleware",
    # Anonymous catalog reads already in the cache are answered here, before routing and the inner middleware.
    "catalog.cache.CatalogCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.StaffLoginThrottleMiddleware",
    "commerce.middleware.AttributionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "storefront.urls"
WSGI_APPLICATION = "storefront.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
USING_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if USING_POSTGRES:
    # Persistent connections save a connect per request; health checks drop dead ones. Our backend checks only
    # a connection idle for HEALTH_CHECK_IDLE seconds (storefront/db/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "storefront.db.postgresql"
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
    DATABASES["default"]["HEALTH_CHECK_IDLE"] = env.float("CONN_HEALTH_CHECK_IDLE", default=1.0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery --------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="sf"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 2,
                "SOCKET_TIMEOUT": 2,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or None) or None
# Without a broker there is no worker: run tasks in-process so the laptop setup behaves end to end.
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=not (REDIS_URL or env.str("CELERY_BROKER_URL", default=""))
)
CELERY_TASK_EAGER_PROPAGATES = True
# Tasks here are idempotent, so redelivery after a worker crash is safe and beats losing work.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_RESULT_EXPIRES = 3600
# Publishing from a web request must not hang when the broker is down: the outbox retries later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# Keep Django's LOGGING (JSON lines with request ids) in the worker and beat instead of Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# An outbox event the broker accepted but whose handlers have not all run this many seconds later is sent
# again to the missing ones (the broker lost it, or a worker died); handlers run at most once in effect anyway.
OUTBOX_REDISPATCH_AFTER = env.int("OUTBOX_REDISPATCH_AFTER", default=300)
# ... at most this many times (each time a task retries its handler up to 8 times, with backoff): then the event
# is parked until an operator has fixed the handler and runs `manage.py outbox --retry`.
OUTBOX_MAX_REDISPATCHES = env.int("OUTBOX_MAX_REDISPATCHES", default=10)
CELERY_BEAT_SCHEDULE = {
    "relay-outbox": {"task": "storefront.tasks.relay_outbox", "schedule": 30.0},
    "publish-scheduled-content": {"task": "home.tasks.publish_scheduled_content", "schedule": 60.0},
    "collect-page-previews": {"task": "home.tasks.collect_page_previews", "schedule": 3600.0},
    "purge-idempotency-keys": {"task": "commerce.tasks.purge_idempotency_keys", "schedule": 3600.0},
    # Hourly, but it snapshots a day once: the first run after the store's midnight (TIME_ZONE) does the work.
    "snapshot-reports": {"task": "reports.tasks.snapshot_reports", "schedule": crontab(minute=5)},
    "flush-product-views": {"task": "reports.tasks.flush_product_views", "schedule": 300.0},
    # A backstop: discount changes queue this themselves, and it schedules their starts and ends (catalog.tasks).
    "refresh-sale-prices": {"task": "catalog.tasks.refresh_sale_prices", "schedule": 300.0},
}

# Wagtail 8 queues its own background work (reference index, image renditions) through
# django-tasks. We deliberately keep the immediate backend: that work is small, and a second queue
# system beside Celery would be one more thing for the operator to run and watch.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "ENQUEUE_ON_COMMIT": True}}

# --- Auth -----------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # JWT first: its WWW-Authenticate header turns "not authenticated" into a 401, not a 403.
        # simplejwt's class, with its errors flattened to the contract's shape (one error, attr null).
        "accounts.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # DRF's, writing image URLs absolute (storefront.api.renderers).
    "DEFAULT_RENDERER_CLASSES": ["storefront.api.renderers.JSONRenderer"],
    # JSON only (the contract's bodies nest objects, which forms cannot carry), checked for depth and NUL bytes.
    "DEFAULT_PARSER_CLASSES": ["storefront.api.parsers.JSONParser"],
    "DEFAULT_METADATA_CLASS": "storefront.api.metadata.Metadata",
    "DEFAULT_PAGINATION_CLASS": "storefront.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 24,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "storefront.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        # DRF's, keyed on the one client-IP function (storefront.throttling.client_ip).
        "storefront.throttling.AnonRateThrottle",
        "storefront.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON", default="600/min"),
        "user": env.str("THROTTLE_USER", default="1200/min"),
        "login_ip": env.str("THROTTLE_LOGIN_IP", default="20/min"),
        "login_account": env.str("THROTTLE_LOGIN_ACCOUNT", default="10/min"),
        "register": env.str("THROTTLE_REGISTER", default="10/min"),
        # Coupon guessing: attempts to apply a code, per cart and per client IP (commerce.throttles).
        "coupon_cart": env.str("THROTTLE_COUPON_CART", default="10/min"),
        "coupon_ip": env.str("THROTTLE_COUPON_IP", default="30/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=14)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Storefront API",
    "DESCRIPTION": "The HTTP contract of the headless storefront (shared/spec/api.md).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ValidationErrorEnum": "drf_standardized_errors.openapi_serializers.ValidationErrorEnum.choices",
        "ClientErrorEnum": "drf_standardized_errors.openapi_serializers.ClientErrorEnum.choices",
        "ServerErrorEnum": "drf_standardized_errors.openapi_serializers.ServerErrorEnum.choices",
        "OrderStatusEnum": "commerce.models.OrderStatus.choices",
    },
    "PREPROCESSING_HOOKS": ["storefront.api.schema.only_contract_endpoints"],
    "POSTPROCESSING_HOOKS": [
        "drf_standardized_errors.openapi_hooks.postprocess_schema_enums",
        "drf_spectacular.hooks.postprocess_schema_enums",
    ],
}
DRF_STANDARDIZED_ERRORS = {
    "ENABLE_IN_DEBUG_FOR_UNHANDLED_EXCEPTIONS": True,
    # Our subclass renders domain errors; plugging it in here (not as DRF's EXCEPTION_HANDLER) keeps the
    # package's OpenAPI generator documenting each endpoint's error responses.
    "EXCEPTION_HANDLER_CLASS": "storefront.api.errors.StorefrontExceptionHandler",
}

# --- CORS: only the API is meant for other origins ------------------------------------------------
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_HEADERS = (
    "accept",
    "authorization",
    "content-type",
    "idempotency-key",
    "x-csrftoken",
    "x-request-id",
    "x-cart-id",  # a guest cart to merge at sign-in (POST /api/v1/auth/token/)
    "x-order-token",  # a guest order's access token (GET /api/v1/orders/{number}/)
)

# --- HTTPS: on by default in production, each switch can be turned off ----------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
BEHIND_PROXY = env.bool("SECURE_PROXY_SSL_HEADER", default=not DEBUG)
if BEHIND_PROXY:
    # Trust X-Forwarded-Proto from the TLS-terminating proxy in front of gunicorn.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Throttles key on the client IP (storefront.throttling.client_ip): REMOTE_ADDR, or with NUM_PROXIES = n the
# address n hops from the right of X-Forwarded-For. Only the operator knows how many proxies append to it, so
# the default trusts none (a client-sent X-Forwarded-For would otherwise be a fresh "IP" per request).
REST_FRAMEWORK["NUM_PROXIES"] = env.int("NUM_PROXIES", default=0)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # load balancers probe over plain HTTP
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's preview renders in an iframe of the admin
SESSION_COOKIE_HTTPONLY = True
# `check --deploy` runs in CI. W019: SAMEORIGIN is deliberate (above). W021: HSTS preload is the operator's opt-in.
SILENCED_SYSTEM_CHECKS = ["security.W019", "security.W021"]

# --- Email ----------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="shop@example.com")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
STAFF_NOTIFICATION_EMAILS = env.list("STAFF_NOTIFICATION_EMAILS", default=[])

# --- I18N, static, media --------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "storefront" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# In development, serve static files straight from the apps without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Files served at the site root: /favicon.ico, which browsers ask for whatever the page links.
WHITENOISE_ROOT = BASE_DIR / "storefront" / "root"

# Content-Security-Policy (django-csp 4): enforced on the shop's pages, which have no inline script or style.
# The Wagtail and Django admins and Swagger UI need inline code: they get the same policy as Report-Only
# (storefront.csp.CSPMiddleware), so their violations show in the browser console and nothing breaks.
_media_origin = urlsplit(MEDIA_URL)._replace(path="", query="", fragment="").geturl()  # "" while MEDIA_URL is a path
_csp_directives = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:", *([_media_origin] if _media_origin else [])],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/", "/api/docs/"],
    "DIRECTIVES": _csp_directives,
}
CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _csp_directives}

# --- Store ----------------------------------------------------------------------------------------
STORE_NAME = env.str("STORE_NAME", default="Storefront")
STORE_CURRENCY = env.str("STORE_CURRENCY", default="USD")
WEBHOOK_URLS = env.list("WEBHOOK_URLS", default=[])
# Seconds an anonymous catalog answer may be served from the cache (invalidation is by version; this bounds
# how stale a detail's `available` can get, since a sale that keeps a product in stock does not invalidate).
CATALOG_CACHE_TTL = env.int("CATALOG_CACHE_TTL", default=300)
# Seconds a process trusts the catalog version it last read: a cache hit then costs no Redis round trip, and a
# change made by another process is served after at most this long (0: check on every request).
CATALOG_CACHE_VERSION_CHECK = env.float("CATALOG_CACHE_VERSION_CHECK", default=1.0)
# New reviews wait for moderation unless this is on.
CATALOG_REVIEWS_AUTO_APPROVE = env.bool("CATALOG_REVIEWS_AUTO_APPROVE", default=False)
WEBHOOK_SECRET = env.str("WEBHOOK_SECRET", default="")
# A separate frontend's on-demand revalidation endpoint: content.changed events are POSTed there, signed with
# WEBHOOK_SECRET, when editors publish (home.revalidation). Empty: none are sent.
FRONTEND_REVALIDATE_URL = env.str("FRONTEND_REVALIDATE_URL", default="")
# Flat-rate shipping per order, free from this merchandise total on (empty: never free).
SHIPPING_FLAT_RATE = env.str("SHIPPING_FLAT_RATE", default="5.00")
FREE_SHIPPING_THRESHOLD = env.str("FREE_SHIPPING_THRESHOLD", default="50.00")
# Days the signed "View your order" link of an order confirmation e-mail opens a guest's order page
# (commerce.order_links); older links answer 404 like an unknown order.
ORDER_LINK_MAX_AGE_DAYS = env.int("ORDER_LINK_MAX_AGE_DAYS", default=90)

# --- Wagtail --------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = STORE_NAME
# The shop's public address when the operator sets WAGTAILADMIN_BASE_URL (https://shop.example.com): the content
# API's links and the sitemap then name it. Unset, they name the host each request reached (storefront.public_urls),
# and admin e-mails, which have no request, fall back to the development server's address.
PUBLIC_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="")
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL or "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {
    # PostgreSQL full-text search on PostgreSQL, the portable database backend on SQLite.
    # Elasticsearch is a configuration switch: set WAGTAILSEARCH_BACKEND to its backend path.
    "default": {"BACKEND": env.str("WAGTAILSEARCH_BACKEND", default="wagtail.search.backends.database")}
}
# Links Wagtail still builds itself stay relative unless an address is configured: its fallback, the Site record's
# hostname, is a host the caller may never have reached.
WAGTAILAPI_BASE_URL = PUBLIC_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
# The admin makes no third-party requests: no avatars from gravatar.com, no version check at releases.wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_HEADLESS_PREVIEW = {
    # By default previews go to our own server-rendered preview route, as a path so it stays on the admin's
    # own host whatever the Site record says; HEADLESS_PREVIEW_URL points it at a separate frontend.
    "CLIENT_URLS": {"default": env.str("HEADLESS_PREVIEW_URL", default="/preview/")},
    "SERVE_BASE_URL": None,
    # Wagtail 7.1+ handles a redirect in its preview panel (scroll restoration, checks); no nested iframe.
    "REDIRECT_ON_PREVIEW": True,
    "ENFORCE_TRAILING_SLASH": True,
}

# --- Logging: one JSON object per line, each carrying the request id ------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "storefront.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "storefront.logging.JsonFormatter"},
        "plain": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": env.str("LOG_FORMAT", default="json"),
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Replaces Django's own console/mail_admins handlers, so each record is logged once, as JSON.
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # Wagtail's immediate task backend logs two lines per task (reference index updates): noise.
        "django_tasks": {"level": "WARNING"},
        "django.server": {"level": "WARNING"},
    },
}

SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    from storefront.redaction import redact_sentry_breadcrumb, redact_sentry_event

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_RATE", default=0.0),
        # Guest order tokens (?token=, X-Order-Token) never leave for Sentry.
        before_send=redact_sentry_event,
        before_send_transaction=redact_sentry_event,
        before_breadcrumb=redact_sentry_breadcrumb,
    )

# --- Payments (django-payments; commerce.payment_config) ---------------------------------------
# PAYMENT_PROVIDERS: the comma-separated provider ids offered at checkout, in that order. Known: dummy (confirm or
# reject by hand: development, demo, tests only), manual (bank transfer / cash on delivery: staff mark the order
# paid), stripe (Stripe Checkout; needs STRIPE_API_KEY and STRIPE_ENDPOINT_SECRET and the `stripe` package).
from commerce.payment_config import payment_variants  # noqa: E402

INSTALLED_APPS += ["payments"]
PAYMENT_MODEL = "commerce.Payment"
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "PaymentStatusEnum": "payments.PaymentStatus.CHOICES",
        "OrderPaymentStatusEnum": "commerce.models.OrderPaymentStatus.choices",
        "PaymentProviderKindEnum": "commerce.payment_config.PROVIDER_KIND_CHOICES",
        # The promotions' kind keeps the name it had before providers had a kind too.
        "KindEnum": "catalog.api.discount_serializers.KINDS",
    }
)
PAYMENT_PROVIDERS = env.list("PAYMENT_PROVIDERS", default=["dummy", "manual"] if DEBUG else ["manual"])
PAYMENT_VARIANTS = payment_variants(
    PAYMENT_PROVIDERS,
    stripe_api_key=env.str("STRIPE_API_KEY", default=""),
    stripe_endpoint_secret=env.str("STRIPE_ENDPOINT_SECRET", default=""),
    # Off only to try webhooks locally without Stripe's signature (never in production).
    stripe_secure_endpoint=env.bool("STRIPE_SECURE_ENDPOINT", default=True),
)
# Where providers send the shopper back and deliver callbacks: the shop's public host (WAGTAILADMIN_BASE_URL).
PAYMENT_HOST = env.str("PAYMENT_HOST", default=urlsplit(WAGTAILADMIN_BASE_URL).netloc)
PAYMENT_USES_SSL = env.bool("PAYMENT_USES_SSL", default=urlsplit(WAGTAILADMIN_BASE_URL).scheme == "https")
# Seconds an order may wait unpaid for a redirect payment before it is cancelled and its stock released.
UNPAID_ORDER_TTL = env.int("UNPAID_ORDER_TTL", default=1800)
CELERY_BEAT_SCHEDULE["release-unpaid-orders"] = {"task": "commerce.tasks.release_unpaid_orders", "schedule": 300.0}

# --- Accounts: password reset (accounts.throttles) ----------------------------------------------------
# Reset mails asked for, and links redeemed, per client IP; reset mails per email address.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].update(
    {
        "password_reset_ip": env.str("THROTTLE_PASSWORD_RESET_IP", default="10/min"),
        "password_reset_account": env.str("THROTTLE_PASSWORD_RESET_ACCOUNT", default="5/hour"),
    }
)
