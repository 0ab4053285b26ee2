"""Settings of the newsroom CMS, read from the environment (see README.md)."""

import datetime
import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from newsroom.config import (
    ConfigError,
    api_cors_origins,
    cors_middleware,
    database_settings,
    env_bool,
    env_int,
    env_list,
    media_origins,
    media_storage,
    page_file_storage,
    parse_redis_url,
    replica_routing,
    session_engine,
)

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = os.environ

DEBUG = env_bool(ENV, "DEBUG", False)
DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = ENV.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigError("SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for a local run).")
    SECRET_KEY = DEV_SECRET_KEY

ALLOWED_HOSTS = env_list(ENV, "ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list(ENV, "CSRF_TRUSTED_ORIGINS", [])

NEWSPAPER_NAME = ENV.get("NEWSPAPER_NAME", "株洲日报").strip() or "株洲日报"
# The footer: the paper's address and contact, its ICP filing number (ICP备案) and public-security filing number
# (公网安备); each is printed only when set.
NEWSPAPER_ADDRESS = ENV.get("NEWSPAPER_ADDRESS", "").strip()
NEWSPAPER_CONTACT = ENV.get("NEWSPAPER_CONTACT", "").strip()
ICP_RECORD = ENV.get("ICP_RECORD", "").strip()
PSB_RECORD = ENV.get("PSB_RECORD", "").strip()
# How long a preview link an editor makes stays valid (seconds).
PREVIEW_MAX_AGE = env_int(ENV, "PREVIEW_MAX_AGE", 48 * 3600)
# How long after printing a notice filer's phone and ID number are kept (days): `manage.py purge_intake_data`.
NOTICE_INTAKE_RETENTION_DAYS = env_int(ENV, "NOTICE_INTAKE_RETENTION_DAYS", 2 * 365)
# The site's own name for identifiers that must not change with the host a reader used (calendar UIDs).
SITE_DOMAIN = ENV.get("SITE_DOMAIN", "").strip() or next(
    (h for h in ALLOWED_HOSTS if h and h[0] not in ".*"), "localhost"
)

INSTALLED_APPS = [
    "newsroom.apps.NewsroomAdminConfig",  # django.contrib.admin on a hardened site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "corsheaders",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "newsroom",
    "articles",
    "notices",
    "outages",
]

MIDDLEWARE = [
    # First: a page served from the cache costs one cache read and none of the rest (its headers are kept with it).
    "newsroom.cache.PublicPageCacheMiddleware",
    # After the cache: a kept page is kept with these headers, which are the same for every request (no nonce).
    "csp.middleware.CSPMiddleware",
    "newsroom.security.PermissionsPolicyMiddleware",
    "newsroom.security.RefuseNulMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its answer.
    "axes.middleware.AxesMiddleware",
]

# The API (/api/v1/, newsroom/api.py) read by pages of other hosts: off unless API_CORS_ORIGINS names their origins
# (or * for any); then django-cors-headers answers them, GET only and without credentials (README, "API").
API_CORS_ORIGINS = api_cors_origins(ENV)
CORS_ALLOW_ALL_ORIGINS = API_CORS_ORIGINS == ["*"]
CORS_ALLOWED_ORIGINS = [] if CORS_ALLOW_ALL_ORIGINS else API_CORS_ORIGINS
CORS_URLS_REGEX = r"^/api/v1/"
CORS_ALLOW_METHODS = ["GET", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag"]
MIDDLEWARE = cors_middleware(API_CORS_ORIGINS, MIDDLEWARE)

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.newspaper",
            ],
        },
    },
]

# The primary database and, with DATABASE_REPLICA_URL, a PostgreSQL read replica for readers' requests: then a router
# and its middleware (newsroom/routers.py); without it no router at all. README, "Past one machine".
DATABASES = database_settings(ENV, BASE_DIR)
DATABASE_ROUTERS, MIDDLEWARE = replica_routing(DATABASES, MIDDLEWARE)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = ENV.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.KeptRedisCache",
            "LOCATION": parse_redis_url(REDIS_URL),
            "KEY_PREFIX": ENV.get("CACHE_KEY_PREFIX", "newsroom"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The public page cache (newsroom/cache.py): the longest a generation of cached pages lives (0 turns the cache
# off); and how long a CDN or browser may keep a public page (never past the next publication instant).
PAGE_CACHE_SECONDS = env_int(ENV, "PAGE_CACHE_SECONDS", 600)
PUBLIC_MAX_AGE = env_int(ENV, "PUBLIC_MAX_AGE", 60)
# How long after a change pages are served but not kept: a read replica may lag behind the primary that long.
PAGE_CACHE_SETTLE_SECONDS = env_int(ENV, "PAGE_CACHE_SETTLE_SECONDS", 5 if DATABASE_ROUTERS else 0)

# Sessions in the database, or with SESSION_BACKEND=cache in the shared Redis in front of it: never in one worker.
SESSION_ENGINE = session_engine(ENV, REDIS_URL)

# Failed logins are counted per username and per address (django-axes): after AXES_FAILURE_LIMIT of either, that
# username or address is refused for AXES_COOLOFF_MINUTES; an editor unlocks it early by deleting its row in the
# admin (Axes › Access attempts).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int(ENV, "AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int(ENV, "AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_ip"
AXES_VERBOSE = False
# Optional two-factor login for staff (django-otp): an account given a TOTP device in the admin (两步验证) must type
# its authenticator app's code at login (newsroom/admin_site.py). The app shows this name beside the account.
OTP_TOTP_ISSUER = NEWSPAPER_NAME
# A login's `next` that points elsewhere (another host) is dropped for the admin's index, not /accounts/profile/.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
# The password-reset mail: printed to the console with DEBUG, else sent through EMAIL_HOST.
EMAIL_BACKEND = ENV.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = ENV.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int(ENV, "EMAIL_PORT", 25)
EMAIL_HOST_USER = ENV.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = ENV.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool(ENV, "EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = ENV.get("DEFAULT_FROM_EMAIL", f"noreply@{SITE_DOMAIN}")
PASSWORD_RESET_TIMEOUT = env_int(ENV, "PASSWORD_RESET_TIMEOUT", 3 * 3600)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Pages are in Chinese whatever a browser asks for (no LocaleMiddleware): labels are written in Chinese
# inside gettext; English is listed for a catalogue under locale/en/ and the middleware to come with it.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(ENV.get("MEDIA_ROOT") or BASE_DIR / "var" / "media")
# Uploads on S3-compatible object storage with MEDIA_S3_BUCKET (every worker sees them), else under MEDIA_ROOT.
STORAGES = {
    "default": media_storage(ENV),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG else "newsroom.storage.StaticStorage"
        )
    },
}
# Page images and PDFs: served by the site alone, once their edition is live (README, "Page images"); with
# PAGE_FILES_ACCEL_REDIRECT the site answers with that header and nginx sends the file (deploy/nginx.conf).
STORAGES["pages"], PAGE_FILES_ROOT, PAGE_FILES_ACCEL_REDIRECT = page_file_storage(
    STORAGES["default"], ENV, MEDIA_ROOT, BASE_DIR
)

# Deployment hardening: with DEBUG off `manage.py check --deploy` is clean.
# HTTPS=0 is for serving plain http on a workstation (make run), never in production.
HTTPS = env_bool(ENV, "HTTPS", not DEBUG)
# TRUSTED_PROXY=1 says a proxy in front sets X-Forwarded-Proto and appends to X-Forwarded-For, replacing what a client
# sent: only then are they believed (https, and the client's address for login throttling). Without a proxy a client
# could write them itself.
TRUSTED_PROXY = env_bool(ENV, "TRUSTED_PROXY", False)
if TRUSTED_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int(ENV, "SECURE_HSTS_SECONDS", 31536000)
    # Both bind more than this site (every subdomain; browsers' built-in lists, slow to leave): opt-in.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(ENV, "HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool(ENV, "HSTS_PRELOAD", False)
    # check --deploy warns about each left off; off is this site's decision, so the warning is silenced.
    SILENCED_SYSTEM_CHECKS = [
        check
        for check, on in (("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS), ("security.W021", SECURE_HSTS_PRELOAD))
        if not on
    ]
# Content-Security-Policy (django-csp 4): scripts, styles and everything else from the site itself only, photos also
# from the bucket's host. Neither the public pages nor the admin have an inline script or style, so no nonce and no
# 'unsafe-inline' is needed; a nonce would also differ per request, which a page from the page cache could not match.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *media_origins(STORAGES["default"])],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Powerful browser features no page of the site uses, refused to it and to anything it could be made to embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
# Serve uploaded photos from Django itself: for a workstation; production lets the web server do it.
SERVE_MEDIA = env_bool(ENV, "SERVE_MEDIA", DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": ENV.get("LOG_LEVEL", "WARNING")},
}
