"""Reading the environment into settings.

Every problem is raised as ConfigError with one sentence that names the
variable; manage.py and wsgi.py print that sentence and exit instead of
showing a traceback.
"""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit


class ConfigError(Exception):
    """A missing or malformed configuration variable."""


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(environ, name, default):
    raw = environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be one of 1/0, true/false, yes/no or on/off, not {raw!r}.")


def env_list(environ, name, default):
    raw = environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def parse_database_url(url, base_dir, name="DATABASE_URL"):
    """Turn DATABASE_URL (or another variable of the same grammar, `name`) into one entry of Django's DATABASES.

    sqlite:///var/db.sqlite3 is relative to the checkout, sqlite:////abs/path absolute;
    postgres://user:password@host:port/name for PostgreSQL (psycopg 3).
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ConfigError(f"{name} is malformed ({exc}): {url!r}.") from None
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        path = unquote(parts.path)
        if parts.netloc or not path.startswith("/") or path == "/":
            raise ConfigError(
                f"{name} for SQLite must look like sqlite:///var/db.sqlite3 "
                f"or sqlite:////absolute/path.sqlite3, not {url!r}."
            )
        db_name = path[1:]
        if db_name != ":memory:" and not db_name.startswith("/"):
            db_name = str(Path(base_dir) / db_name)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": db_name}
    if scheme in {"postgres", "postgresql", "pgsql"}:
        db_name = unquote(parts.path.lstrip("/"))
        if not db_name or "/" in db_name:
            raise ConfigError(
                f"{name} must name one PostgreSQL database, as in postgres://user@host:5432/newsroom, not {url!r}."
            )
        return {
            "ENGINE": POSTGRES,
            "NAME": db_name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ConfigError(f"{name} must start with sqlite:// or postgres://, not {url!r}.")


def parse_redis_url(url):
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - validates the port
    except ValueError as exc:
        raise ConfigError(f"REDIS_URL is malformed ({exc}): {url!r}.") from None
    if parts.scheme not in {"redis", "rediss", "unix"} or not (parts.hostname or parts.path):
        raise ConfigError(f"REDIS_URL must look like redis://127.0.0.1:6379/0, not {url!r}.")
    return url


def env_int(environ, name, default):
    raw = environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from None


# Django's PostgreSQL backend, preparing the statements of the hottest public reads (newsroom/postgresql/base.py).
POSTGRES = "newsroom.postgresql"
REPLICA = "replica"
REPLICA_ROUTER = "newsroom.routers.PrimaryReplicaRouter"
REPLICA_MIDDLEWARE = "newsroom.routers.PinToPrimaryMiddleware"
AUTH_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"


def database_settings(environ, base_dir):
    """DATABASES: `default` from DATABASE_URL and, with DATABASE_REPLICA_URL, a PostgreSQL read replica `replica`."""
    databases = {"default": parse_database_url(environ.get("DATABASE_URL") or "sqlite:///var/db.sqlite3", base_dir)}
    prepares = env_bool(environ, "PREPARED_STATEMENTS", True)
    if databases["default"]["ENGINE"] == POSTGRES:
        databases["default"]["OPTIONS"] = {"prepared_statements": prepares}
    replica_url = environ.get("DATABASE_REPLICA_URL", "").strip()
    if not replica_url:
        return databases
    if databases["default"]["ENGINE"] != POSTGRES:
        raise ConfigError(
            "DATABASE_REPLICA_URL needs a PostgreSQL primary, but DATABASE_URL names SQLite, which has no replicas."
        )
    replica = parse_database_url(replica_url, base_dir, "DATABASE_REPLICA_URL")
    if replica["ENGINE"] != POSTGRES:
        raise ConfigError(f"DATABASE_REPLICA_URL must be the postgres:// URL of a replica, not {replica_url!r}.")
    # A test run has no replication: there the replica alias reads the primary's test database (Django's test mirror).
    replica["TEST"] = {"MIRROR": "default"}
    replica["OPTIONS"] = {"prepared_statements": prepares}
    databases[REPLICA] = replica
    return databases


def replica_routing(databases, middleware):
    """(DATABASE_ROUTERS, MIDDLEWARE): with a replica, its router and the middleware that pins requests to the primary
    (after AuthenticationMiddleware, which it asks who is logged in); without one, no router and the same middleware."""
    if REPLICA not in databases:
        return [], list(middleware)
    middleware = list(middleware)
    middleware.insert(middleware.index(AUTH_MIDDLEWARE) + 1, REPLICA_MIDDLEWARE)
    return [REPLICA_ROUTER], middleware


SESSION_ENGINES = {
    "db": "django.contrib.sessions.backends.db",
    "cache": "django.contrib.sessions.backends.cached_db",
}


def session_engine(environ, redis_url):
    """SESSION_ENGINE: sessions in the database, or (SESSION_BACKEND=cache) in the shared Redis in front of it."""
    raw = environ.get("SESSION_BACKEND")
    word = (raw or "db").strip().lower()
    if word not in SESSION_ENGINES:
        raise ConfigError(f"SESSION_BACKEND must be db or cache, not {raw!r}.")
    if word == "cache" and not redis_url:
        raise ConfigError(
            "SESSION_BACKEND=cache needs REDIS_URL: without it the cache is each worker's own memory, "
            "and a reader would be logged out on the next worker."
        )
    return SESSION_ENGINES[word]


# The API's cross-origin reads (django-cors-headers), for a web app on another host: off unless API_CORS_ORIGINS names
# the origins that may read it, or * for any.
CORS_MIDDLEWARE = "corsheaders.middleware.CorsMiddleware"
ORIGIN_RE = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")


def api_cors_origins(environ):
    """The origins whose pages may read /api/v1/ from a browser: [] (off), ["*"] (any), or a list of origins."""
    raw = environ.get("API_CORS_ORIGINS", "")
    origins = [origin.strip().rstrip("/") for origin in raw.split(",") if origin.strip()]
    if origins == ["*"] or all(ORIGIN_RE.fullmatch(origin) for origin in origins):
        return origins
    raise ConfigError(
        "API_CORS_ORIGINS must be * or origins separated by commas, each a scheme and a host such as "
        f"https://m.example.cn (no path), not {raw!r}."
    )


def cors_middleware(origins, middleware):
    """MIDDLEWARE with django-cors-headers' first when there are origins (before the page cache, so that a page
    served from the cache gets the headers of the origin that asks for it), else as it is."""
    return [CORS_MIDDLEWARE, *middleware] if origins else list(middleware)


S3_STORAGE = "storages.backends.s3.S3Storage"
S3_VARIABLES = (
    "MEDIA_S3_ENDPOINT_URL",
    "MEDIA_S3_REGION",
    "MEDIA_S3_ACCESS_KEY_ID",
    "MEDIA_S3_SECRET_ACCESS_KEY",
    "MEDIA_S3_CUSTOM_DOMAIN",
    "MEDIA_S3_PREFIX",
    "MEDIA_S3_ADDRESSING_STYLE",
)
BUCKET_RE = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
REGION_RE = re.compile(r"[a-z0-9][a-z0-9-]*[a-z0-9]")
DOMAIN_RE = re.compile(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?")
PREFIX_SEGMENT_RE = re.compile(r"[A-Za-z0-9._-]+")
# Photos and renditions never change under their random names (a new upload gets new names): caches may keep them.
MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable"


def media_storage(environ):
    """STORAGES["default"]: S3-compatible object storage when MEDIA_S3_BUCKET is set, else files under MEDIA_ROOT."""
    values = {name: environ.get(name, "").strip() for name in ("MEDIA_S3_BUCKET", *S3_VARIABLES)}
    bucket = values["MEDIA_S3_BUCKET"]
    if not bucket:
        for name in S3_VARIABLES:
            if values[name]:
                raise ConfigError(f"{name} is set but MEDIA_S3_BUCKET is not: set the bucket, or unset {name}.")
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if not BUCKET_RE.fullmatch(bucket) or ".." in bucket:
        raise ConfigError(
            "MEDIA_S3_BUCKET must be a bucket name of 3 to 63 lower-case letters, digits, dots and hyphens, "
            f"not {bucket!r}."
        )
    options = {
        "bucket_name": bucket,
        # Public pages show the photos, so their URLs are plain and stable (no expiring signature); the bucket lets
        # anyone read an object by its random name and no one list them (README, "Past one machine").
        "querystring_auth": False,
        "default_acl": None,
        # Names are 128 random bits (articles.models.photo_upload_to), so none is ever taken: no existence check,
        # which saves a round trip per file and the s3:ListBucket permission that S3 needs to answer it with 404.
        "file_overwrite": True,
        "object_parameters": {"CacheControl": MEDIA_CACHE_CONTROL},
    }
    if endpoint := values["MEDIA_S3_ENDPOINT_URL"]:
        try:
            parts = urlsplit(endpoint)
            parts.port  # noqa: B018 - validates the port
        except ValueError:
            parts = None
        if not parts or parts.scheme not in {"http", "https"} or not parts.hostname or parts.path not in {"", "/"}:
            raise ConfigError(
                f"MEDIA_S3_ENDPOINT_URL must look like https://oss-cn-hangzhou.aliyuncs.com or http://minio:9000, "
                f"not {endpoint!r}."
            )
        options["endpoint_url"] = endpoint.rstrip("/")
    if region := values["MEDIA_S3_REGION"]:
        if not REGION_RE.fullmatch(region):
            raise ConfigError(f"MEDIA_S3_REGION must look like cn-north-1 or us-east-1, not {region!r}.")
        options["region_name"] = region
    key_id, secret = values["MEDIA_S3_ACCESS_KEY_ID"], values["MEDIA_S3_SECRET_ACCESS_KEY"]
    if bool(key_id) != bool(secret):
        missing = "MEDIA_S3_SECRET_ACCESS_KEY" if key_id else "MEDIA_S3_ACCESS_KEY_ID"
        raise ConfigError(
            f"{missing} must be set with the other half of the key pair, or neither (then the AWS_* environment)."
        )
    if key_id:
        options["access_key"], options["secret_key"] = key_id, secret
    if domain := values["MEDIA_S3_CUSTOM_DOMAIN"]:
        if not DOMAIN_RE.fullmatch(domain):
            raise ConfigError(
                f"MEDIA_S3_CUSTOM_DOMAIN must be a host name such as media.example.cn (no https://), not {domain!r}."
            )
        options["custom_domain"] = domain.rstrip("/")
    if raw_prefix := values["MEDIA_S3_PREFIX"]:
        segments = raw_prefix.strip("/").split("/")
        if not all(PREFIX_SEGMENT_RE.fullmatch(s) and s not in {".", ".."} for s in segments):
            raise ConfigError(f"MEDIA_S3_PREFIX must be a path such as media or zzrb/media, not {raw_prefix!r}.")
        options["location"] = "/".join(segments)
    if style := values["MEDIA_S3_ADDRESSING_STYLE"].lower():
        if style not in {"auto", "path", "virtual"}:
            raise ConfigError(f"MEDIA_S3_ADDRESSING_STYLE must be auto, path or virtual, not {style!r}.")
        options["addressing_style"] = style
    return {"BACKEND": S3_STORAGE, "OPTIONS": options}


ACCEL_PREFIX_RE = re.compile(r"/[A-Za-z0-9._~/-]*/")


def page_file_storage(media, environ, media_root, base_dir):
    """STORAGES["pages"] and where nginx sends them from: the page images and PDFs, which only the site serves
    (newsroom.views.page_file, once their edition is live), so they are kept where nothing else serves them. On disk
    under PAGE_FILES_ROOT (default var/pages), never inside MEDIA_ROOT; in the bucket under <prefix>/pages/, which
    the bucket must not let everyone read (README, "Page images"). Returns (storage, the folder on disk or None,
    X-Accel-Redirect prefix or "")."""
    accel = environ.get("PAGE_FILES_ACCEL_REDIRECT", "").strip()
    if accel and (not ACCEL_PREFIX_RE.fullmatch(accel) or ".." in accel):
        raise ConfigError(
            f"PAGE_FILES_ACCEL_REDIRECT must be the path of nginx's internal location, such as /page-files/, "
            f"not {accel!r}."
        )
    if media["BACKEND"] == S3_STORAGE:
        if accel:
            raise ConfigError("PAGE_FILES_ACCEL_REDIRECT is for page files on disk; unset it with MEDIA_S3_BUCKET.")
        options = {key: value for key, value in media["OPTIONS"].items() if key not in ("custom_domain",)}
        options["location"] = "/".join(part for part in (options.get("location"), "pages") if part)
        options["object_parameters"] = {}
        return {"BACKEND": S3_STORAGE, "OPTIONS": options}, None, ""
    root = Path(environ.get("PAGE_FILES_ROOT") or base_dir / "var" / "pages").resolve()
    if root == Path(media_root).resolve() or Path(media_root).resolve() in root.parents:
        raise ConfigError(
            "PAGE_FILES_ROOT must not be inside MEDIA_ROOT: the web server would serve a page before its edition is "
            "live."
        )
    return {"BACKEND": "newsroom.storage.PageFileStorage"}, root, accel


def media_origins(storage):
    """Where photos are linked from, for the Content-Security-Policy's img-src: none beside the site itself for files
    on disk; the CDN's or the endpoint's origin (and its bucket subdomains) for a bucket."""
    options = storage.get("OPTIONS", {})
    if storage["BACKEND"] != S3_STORAGE:
        return []
    if domain := options.get("custom_domain"):
        return [f"https://{domain}"]
    if endpoint := options.get("endpoint_url"):
        parts = urlsplit(endpoint)
        return [f"{parts.scheme}://{parts.netloc}", f"{parts.scheme}://*.{parts.netloc}"]
    return ["https://*.amazonaws.com"]


def load_settings_or_exit():
    """Import the settings now, so that a configuration mistake ends start-up with one sentence."""
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 - forces the lazy settings to load
    except ConfigError as exc:
        raise SystemExit(f"Configuration error: {exc}") from None
