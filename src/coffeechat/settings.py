"""Django settings, all read from the environment (see README, "Settings")."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import phonenumbers

from coffeechat.lib.datadir import default_data_dir, ensure_data_dir, read_or_create_secret_key
from coffeechat.lib.dbconfig import parse_db_settings
from coffeechat.lib.env import (
    EnvError,
    env_bool,
    env_choice,
    env_email,
    env_fernet_key,
    env_host,
    env_hosts,
    env_int,
    env_networks,
    env_path,
    env_site_url,
    env_str,
    env_time_zone,
)

PACKAGE_DIR = Path(__file__).resolve().parent

DEBUG = env_bool("COFFEECHAT_DEBUG", False)
DATA_DIR = env_path("COFFEECHAT_DATA_DIR", default_data_dir())
_database_url = env_str("COFFEECHAT_DATABASE_URL")
_secret_key = env_str("COFFEECHAT_SECRET_KEY")
if _database_url is None or _secret_key is None:
    ensure_data_dir(DATA_DIR)
SECRET_KEY = _secret_key or read_or_create_secret_key(DATA_DIR)
if len(SECRET_KEY) < 50:
    raise EnvError("COFFEECHAT_SECRET_KEY", "must be at least 50 characters long")
DATABASES = {"default": parse_db_settings(_database_url, DATA_DIR)}

# The address people use to reach this server. Without it coffeechat answers on loopback
# only; with an https:// address it behaves as a deployed site behind a TLS proxy.
_public = env_site_url("COFFEECHAT_PUBLIC_URL")
PUBLIC_URL = _public.geturl() if _public is not None else None
HTTPS = _public is not None and _public.scheme == "https"

ALLOWED_HOSTS = env_hosts(
    "COFFEECHAT_ALLOWED_HOSTS",
    [_public.hostname] if _public is not None and _public.hostname else ["127.0.0.1", "localhost", "[::1]"],
)
CSRF_TRUSTED_ORIGINS = [f"{_public.scheme}://{_public.netloc}"] if _public is not None else []
# Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (lib/proxies.py, applied
# in wsgi.py): the client's address and https come from them; from anyone else those headers are
# dropped, so no client can claim https or another address.
TRUSTED_PROXIES = env_networks("COFFEECHAT_TRUSTED_PROXIES", ["127.0.0.1", "::1"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "axes",
    "django_htmx",
    "template_partials",
    "coffeechat.core",
    "coffeechat.runs",
    "coffeechat.accounts",
    "coffeechat.network",
    "coffeechat.imports",
    "coffeechat.exports",
    "coffeechat.explore",
    "coffeechat.outreach",
    "coffeechat.interviews",
    "coffeechat.conversations",
    "coffeechat.mail",
    "coffeechat.insights",
    "coffeechat.community",
    "coffeechat.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a refused password sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coffeechat.urls"
WSGI_APPLICATION = "coffeechat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["template_partials.templatetags.partials"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coffeechat.community.context.community",
            ],
        },
    }
]

FORM_RENDERER = "coffeechat.core.forms.FormRenderer"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
CSRF_FAILURE_VIEW = "coffeechat.core.errors.csrf_failure"
# Password sign-in is throttled by django-axes (accounts/throttle.py): after too many failures
# for one account from one address, that pair waits; the counts live in the database, so every
# worker and server shares them. One-time links never go through `authenticate`, so a lockout
# never blocks them, and using one clears the account's failures.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("COFFEECHAT_LOGIN_ATTEMPTS", 5, minimum=1, maximum=1000)
AXES_COOLOFF_TIME = timedelta(
    minutes=env_int("COFFEECHAT_LOGIN_LOCKOUT_MINUTES", 15, minimum=1, maximum=7 * 24 * 60)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "coffeechat.accounts.throttle.client_address"
AXES_LOCKOUT_CALLABLE = "coffeechat.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
# Nothing shows a log of successful sign-ins, so none is kept; there is no admin site.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_time_zone("COFFEECHAT_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Static files are served straight from the installed package: nothing to collect.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Phone numbers typed without a country code are read as numbers of this region.
PHONE_REGION = env_choice(
    "COFFEECHAT_PHONE_REGION",
    "US",
    frozenset(phonenumbers.SUPPORTED_REGIONS),
    "US, GB or DE (ISO 3166 codes)",
)
IMPORT_MAX_BYTES = env_int("COFFEECHAT_IMPORT_MAX_MB", 50, minimum=1, maximum=2000) * 1_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 10_000_000
# Sending email is optional: without a server, messages are copied, opened in the mail app,
# downloaded as .eml, or marked sent by hand.
EMAIL_HOST = env_host("COFFEECHAT_SMTP_HOST", "")
EMAIL_PORT = env_int("COFFEECHAT_SMTP_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("COFFEECHAT_SMTP_USER") or ""
EMAIL_HOST_PASSWORD = env_str("COFFEECHAT_SMTP_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("COFFEECHAT_SMTP_STARTTLS", True)
EMAIL_USE_SSL = env_bool("COFFEECHAT_SMTP_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise EnvError(
        "COFFEECHAT_SMTP_SSL", "choose STARTTLS or SSL, not both (set COFFEECHAT_SMTP_STARTTLS=false)"
    )
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_email("COFFEECHAT_MAIL_FROM", "coffeechat@localhost")
# The key the users' own mail passwords are encrypted with (mail/keys.py); without it, one made
# once in the data directory (mail_key). Changing it makes the stored passwords unreadable: each
# user is asked for theirs again.
MAIL_KEY = env_fernet_key("COFFEECHAT_MAIL_KEY")
# Community mode (community/): one server for a career center or an alumni association, where
# members keep their own private coffeechat and volunteers give informational interviews. Its
# notices go through the community's own mail server, never a member's; without one they wait
# on the members' notice pages.
COMMUNITY_MODE = env_bool("COFFEECHAT_COMMUNITY", False)
COMMUNITY_SMTP = {
    "host": env_host("COFFEECHAT_COMMUNITY_SMTP_HOST", ""),
    "port": env_int("COFFEECHAT_COMMUNITY_SMTP_PORT", 587, minimum=1, maximum=65535),
    "username": env_str("COFFEECHAT_COMMUNITY_SMTP_USER") or "",
    "password": env_str("COFFEECHAT_COMMUNITY_SMTP_PASSWORD") or "",
    "use_tls": env_bool("COFFEECHAT_COMMUNITY_SMTP_STARTTLS", True),
}
COMMUNITY_MAIL_FROM = env_email("COFFEECHAT_COMMUNITY_MAIL_FROM", "community@localhost")
# Tests only: a file holding the date and time the conversation rules take as now (core/clock.py).
CLOCK_FILE = env_str("COFFEECHAT_CLOCK_FILE") or ""
SIGNIN_LINK_HOURS = env_int("COFFEECHAT_SIGNIN_LINK_HOURS", 24, minimum=1, maximum=24 * 30)
# `serve`'s worker processes (8 threads each; 1 is waitress, one process): two per core, at most
# 4, since each worker keeps its own caches and connections (about 100 MB each) and a personal
# server rarely has more than a few people at once. Two per core, because a worker's threads share
# one interpreter lock: with 8 clients on 2 cores, 2 workers served Today 1.2 to 1.45 times what
# one client gets and 4 workers 1.9 times (issue 13).
_cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
SERVE_WORKERS = env_int("COFFEECHAT_WORKERS", min(2 * _cores, 4), minimum=1, maximum=64)
# Work done every minute or hour while `serve` runs (core/periodic.py: the daily digest, ...), in
# each worker, each period once. Off when something else runs it (cron calling `coffeechat today
# --email`) or for a server that should only serve pages.
PERIODIC = env_bool("COFFEECHAT_PERIODIC", True)

# Production settings, whenever debug is off.
SESSION_COOKIE_SECURE = env_bool("COFFEECHAT_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("COFFEECHAT_SESSION_DAYS", 30, minimum=1, maximum=365) * 86400
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Every script and style is a file served from here: no inline code, no other origin. Pico's
# form icons are data: SVGs, and pages may show images from data: too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Read always, so a bad value is refused even before the site moves to https.
_hsts_seconds = env_int("COFFEECHAT_HSTS_SECONDS", 31536000, minimum=0)
_hsts_subdomains = env_bool("COFFEECHAT_HSTS_INCLUDE_SUBDOMAINS", True)
_hsts_preload = env_bool("COFFEECHAT_HSTS_PRELOAD", True)
if HTTPS and not DEBUG:
    # TLS ends at the reverse proxy in front of waitress; a request is secure when a trusted proxy
    # says X-Forwarded-Proto: https (TRUSTED_PROXIES above sets wsgi.url_scheme, so Django needs
    # no SECURE_PROXY_SSL_HEADER, which would believe the header from anyone).
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = _hsts_seconds
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _hsts_subdomains
    SECURE_HSTS_PRELOAD = _hsts_preload

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "waitress": {"level": "INFO"},
        "coffeechat": {"level": "INFO"},
    },
}
