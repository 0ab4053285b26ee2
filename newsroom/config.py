"""Reading the environment into settings.

Every problem is raised as ConfigError with one sentence that names the
variable; manage.py and wsgi.py print that sentence and exit instead of
showing a traceback.
"""

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


def parse_database_url(url, base_dir):
    """Turn DATABASE_URL into one entry of Django's DATABASES.

    sqlite:///var/db.sqlite3 is relative to the checkout, sqlite:////abs/path absolute;
    postgres://user:password@host:port/name for PostgreSQL (psycopg 3).
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ConfigError(f"DATABASE_URL is malformed ({exc}): {url!r}.") from None
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        path = unquote(parts.path)
        if parts.netloc or not path.startswith("/") or path == "/":
            raise ConfigError(
                "DATABASE_URL for SQLite must look like sqlite:///var/db.sqlite3 "
                f"or sqlite:////absolute/path.sqlite3, not {url!r}."
            )
        name = path[1:]
        if name != ":memory:" and not name.startswith("/"):
            name = str(Path(base_dir) / name)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name}
    if scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name or "/" in name:
            raise ConfigError(
                "DATABASE_URL must name one PostgreSQL database, as in postgres://user@host:5432/newsroom, "
                f"not {url!r}."
            )
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ConfigError(f"DATABASE_URL must start with sqlite:// or postgres://, not {url!r}.")


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


def load_settings_or_exit():
    """Import the settings now, so that a configuration mistake ends start-up with one sentence."""
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 - forces the lazy settings to load
    except ConfigError as exc:
        raise SystemExit(f"Configuration error: {exc}") from None
