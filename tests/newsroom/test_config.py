"""Configuration from the environment, and the one sentence a mistake in it gets."""

import os
import runpy
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from newsroom.config import (
    CORS_MIDDLEWARE,
    ConfigError,
    api_cors_origins,
    cors_middleware,
    database_settings,
    env_bool,
    media_storage,
    page_file_storage,
    parse_database_url,
    parse_redis_url,
    replica_routing,
    session_engine,
)

DEFAULT = "default"
ROOT = Path(__file__).resolve().parents[2]


def test_sqlite_urls_are_relative_to_the_checkout_unless_absolute():
    assert parse_database_url("sqlite:///var/db.sqlite3", "/srv/app")["NAME"] == "/srv/app/var/db.sqlite3"
    assert parse_database_url("sqlite:////tmp/x.sqlite3", "/srv/app")["NAME"] == "/tmp/x.sqlite3"


def test_a_postgres_url_gives_each_part():
    db = parse_database_url("postgres://news:p%40ss@db.local:5433/zzrb", "/srv")
    assert db["ENGINE"] == "newsroom.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "zzrb",
        "news",
        "p@ss",
        "db.local",
        "5433",
    )


@pytest.mark.parametrize(
    "url",
    ["mysql://root@localhost/x", "postgres://localhost:99999/x", "postgres://localhost/", "sqlite://", "nonsense"],
)
def test_malformed_database_urls_are_refused_naming_the_variable(url):
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        parse_database_url(url, "/srv")


def test_booleans_accept_the_usual_words_and_name_the_variable_otherwise():
    assert env_bool({"DEBUG": "on"}, "DEBUG", False) is True
    assert env_bool({"DEBUG": "0"}, "DEBUG", True) is False
    assert env_bool({}, "DEBUG", True) is True
    with pytest.raises(ConfigError, match="DEBUG"):
        env_bool({"DEBUG": "maybe"}, "DEBUG", False)


def test_redis_urls_are_checked():
    assert parse_redis_url("redis://127.0.0.1:6379/1") == "redis://127.0.0.1:6379/1"
    with pytest.raises(ConfigError, match="REDIS_URL"):
        parse_redis_url("http://127.0.0.1:6379")


PG = "postgres://news@db.local:5432/zzrb"
PG_REPLICA = "postgres://reader:s3cret@replica.local:5433/zzrb"


def test_without_a_replica_there_is_one_database_and_no_router():
    databases = database_settings({"DATABASE_URL": PG}, "/srv")
    assert list(databases) == ["default"]
    middleware = ["a", "django.contrib.auth.middleware.AuthenticationMiddleware", "b"]
    assert replica_routing(databases, middleware) == ([], middleware)


def test_a_replica_url_adds_the_replica_alias_its_router_and_its_middleware():
    databases = database_settings({"DATABASE_URL": PG, "DATABASE_REPLICA_URL": PG_REPLICA}, "/srv")
    replica = databases["replica"]
    assert (replica["ENGINE"], replica["NAME"], replica["USER"], replica["PASSWORD"]) == (
        "newsroom.postgresql",
        "zzrb",
        "reader",
        "s3cret",
    )
    assert (replica["HOST"], replica["PORT"]) == ("replica.local", "5433")
    assert replica["TEST"] == {"MIRROR": "default"}  # a test run reads the primary's test database
    assert databases["default"]["HOST"] == "db.local"
    auth = "django.contrib.auth.middleware.AuthenticationMiddleware"
    routers, middleware = replica_routing(databases, ["a", auth, "b"])
    assert routers == ["newsroom.routers.PrimaryReplicaRouter"]
    assert middleware == ["a", auth, "newsroom.routers.PinToPrimaryMiddleware", "b"]


@pytest.mark.parametrize(
    "env",
    [
        {"DATABASE_REPLICA_URL": PG_REPLICA},  # the primary is the default SQLite file
        {"DATABASE_URL": "sqlite:///var/db.sqlite3", "DATABASE_REPLICA_URL": PG_REPLICA},
        {"DATABASE_URL": PG, "DATABASE_REPLICA_URL": "sqlite:///var/replica.sqlite3"},
        {"DATABASE_URL": PG, "DATABASE_REPLICA_URL": "mysql://replica/zzrb"},
        {"DATABASE_URL": PG, "DATABASE_REPLICA_URL": "postgres://replica:port/zzrb"},
        {"DATABASE_URL": PG, "DATABASE_REPLICA_URL": "postgres://replica/"},
    ],
)
def test_a_replica_is_postgresql_behind_a_postgresql_primary_or_refused_naming_the_variable(env):
    with pytest.raises(ConfigError, match=r"^DATABASE_REPLICA_URL"):
        database_settings(env, "/srv")


def test_sessions_are_in_the_database_or_in_the_shared_redis_in_front_of_it():
    assert session_engine({}, "") == "django.contrib.sessions.backends.db"
    assert session_engine({"SESSION_BACKEND": "db"}, "") == "django.contrib.sessions.backends.db"
    redis = "redis://127.0.0.1:6379/0"
    assert session_engine({"SESSION_BACKEND": "cache"}, redis) == "django.contrib.sessions.backends.cached_db"
    with pytest.raises(ConfigError, match=r"^SESSION_BACKEND=cache needs REDIS_URL"):
        session_engine({"SESSION_BACKEND": "cache"}, "")  # a worker's own memory is no place for a session
    for word in ("file", "signed_cookies", "redis"):
        with pytest.raises(ConfigError, match=r"^SESSION_BACKEND must be db or cache"):
            session_engine({"SESSION_BACKEND": word}, redis)


def test_pages_of_other_hosts_read_the_api_only_from_the_origins_named():
    assert api_cors_origins({}) == api_cors_origins({"API_CORS_ORIGINS": " "}) == []
    assert api_cors_origins({"API_CORS_ORIGINS": "*"}) == ["*"]
    named = api_cors_origins({"API_CORS_ORIGINS": "https://m.example.cn, http://localhost:3000/"})
    assert named == ["https://m.example.cn", "http://localhost:3000"]
    for raw in (
        "m.example.cn",
        "https://m.example.cn/app",
        "*, https://m.example.cn",
        "ftp://m.example.cn",
        "https://",
    ):
        with pytest.raises(ConfigError, match=r"^API_CORS_ORIGINS must be \* or origins"):
            api_cors_origins({"API_CORS_ORIGINS": raw})
    middleware = ["newsroom.cache.PublicPageCacheMiddleware", "csp.middleware.CSPMiddleware"]
    assert cors_middleware([], middleware) == middleware  # off: not even installed
    assert cors_middleware(["*"], middleware) == [CORS_MIDDLEWARE, *middleware]  # before the page cache


def test_without_a_bucket_media_are_files_under_media_root():
    assert media_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_puts_media_on_s3_with_plain_stable_urls():
    storage = media_storage(
        {
            "MEDIA_S3_BUCKET": "zzrb-media",
            "MEDIA_S3_ENDPOINT_URL": "https://oss-cn-hangzhou.aliyuncs.com/",
            "MEDIA_S3_REGION": "oss-cn-hangzhou",
            "MEDIA_S3_ACCESS_KEY_ID": "LTAI-key",
            "MEDIA_S3_SECRET_ACCESS_KEY": "secret",
            "MEDIA_S3_CUSTOM_DOMAIN": "media.example.cn",
            "MEDIA_S3_PREFIX": "/zzrb/media/",
            "MEDIA_S3_ADDRESSING_STYLE": "virtual",
        }
    )
    assert storage == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "zzrb-media",
            "querystring_auth": False,
            "default_acl": None,
            "file_overwrite": True,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            "endpoint_url": "https://oss-cn-hangzhou.aliyuncs.com",
            "region_name": "oss-cn-hangzhou",
            "access_key": "LTAI-key",
            "secret_key": "secret",
            "custom_domain": "media.example.cn",
            "location": "zzrb/media",
            "addressing_style": "virtual",
        },
    }
    # Only the bucket: the key pair, region and endpoint come from the standard AWS_* environment or AWS itself.
    assert set(media_storage({"MEDIA_S3_BUCKET": "zzrb-media"})["OPTIONS"]) == {
        "bucket_name",
        "querystring_auth",
        "default_acl",
        "file_overwrite",
        "object_parameters",
    }


@pytest.mark.parametrize(
    "env, variable",
    [
        ({"MEDIA_S3_BUCKET": "Zzrb_Media"}, "MEDIA_S3_BUCKET"),
        ({"MEDIA_S3_BUCKET": "ab"}, "MEDIA_S3_BUCKET"),
        ({"MEDIA_S3_ENDPOINT_URL": "http://minio:9000"}, "MEDIA_S3_ENDPOINT_URL"),  # and no bucket
        ({"MEDIA_S3_PREFIX": "media"}, "MEDIA_S3_PREFIX"),  # and no bucket
        ({"MEDIA_S3_BUCKET": "zzrb", "MEDIA_S3_ENDPOINT_URL": "minio:9000"}, "MEDIA_S3_ENDPOINT_URL"),
        ({"MEDIA_S3_BUCKET": "zzrb", "MEDIA_S3_ENDPOINT_URL": "ftp://minio"}, "MEDIA_S3_ENDPOINT_URL"),
        ({"MEDIA_S3_BUCKET": "zzrb", "MEDIA_S3_ENDPOINT_URL": "http://minio:99999"}, "MEDIA_S3_ENDPOINT_URL"),
        ({"MEDIA_S3_BUCKET": "zzrb", "MEDIA_S3_ENDPOINT_URL": "http://minio/zzrb"}, "MEDIA_S3_ENDPOINT_URL"),
        ({"MEDIA_S3_BUCKET": "zzrb", "MEDIA_S3_REGION": "华东1"}, "MEDIA_S3_REGION"),
        ({"MEDIA_S3_BUCKET": "zzrb", "MEDIA_S3_ACCESS_KEY_ID": "key"}, "MEDIA_S3_SECRET_ACCESS_KEY"),
        ({"MEDIA_S3_BUCKET": "zzrb", "MEDIA_S3_SECRET_ACCESS_KEY": "secret"}, "MEDIA_S3_ACCESS_KEY_ID"),
        ({"MEDIA_S3_BUCKET": "zzrb", "MEDIA_S3_CUSTOM_DOMAIN": "https://media.example.cn"}, "MEDIA_S3_CUSTOM_DOMAIN"),
        ({"MEDIA_S3_BUCKET": "zzrb", "MEDIA_S3_PREFIX": "media/../etc"}, "MEDIA_S3_PREFIX"),
        ({"MEDIA_S3_BUCKET": "zzrb", "MEDIA_S3_ADDRESSING_STYLE": "dns"}, "MEDIA_S3_ADDRESSING_STYLE"),
    ],
)
def test_malformed_media_storage_variables_are_refused_naming_the_variable(env, variable):
    with pytest.raises(ConfigError, match=f"^{variable} "):
        media_storage(env)


def test_page_files_are_kept_where_nothing_else_serves_them(tmp_path):
    media = media_storage({})
    storage, root, accel = page_file_storage(media, {}, tmp_path / "var" / "media", tmp_path)
    assert storage == {"BACKEND": "newsroom.storage.PageFileStorage"}
    assert (root, accel) == ((tmp_path / "var" / "pages").resolve(), "")
    env = {"PAGE_FILES_ROOT": str(tmp_path / "pages"), "PAGE_FILES_ACCEL_REDIRECT": "/page-files/"}
    assert page_file_storage(media, env, tmp_path / "media", tmp_path)[1:] == (
        (tmp_path / "pages").resolve(),
        "/page-files/",
    )
    # In a bucket: beside the photos under pages/, with no public caching header of theirs.
    bucket = media_storage(
        {"MEDIA_S3_BUCKET": "zzrb-media", "MEDIA_S3_PREFIX": "zzrb", "MEDIA_S3_CUSTOM_DOMAIN": "m.cn"}
    )
    storage, root, accel = page_file_storage(bucket, {}, tmp_path / "media", tmp_path)
    assert storage["OPTIONS"]["location"] == "zzrb/pages" and storage["OPTIONS"]["object_parameters"] == {}
    assert "custom_domain" not in storage["OPTIONS"] and (root, accel) == (None, "")


@pytest.mark.parametrize(
    "env, variable",
    [
        ({"PAGE_FILES_ROOT": "{media}/pages"}, "PAGE_FILES_ROOT"),  # nginx or SERVE_MEDIA would serve it by name
        ({"PAGE_FILES_ROOT": "{media}"}, "PAGE_FILES_ROOT"),
        ({"PAGE_FILES_ACCEL_REDIRECT": "page-files"}, "PAGE_FILES_ACCEL_REDIRECT"),
        ({"PAGE_FILES_ACCEL_REDIRECT": "/a/../b/"}, "PAGE_FILES_ACCEL_REDIRECT"),
        ({"PAGE_FILES_ACCEL_REDIRECT": "/page-files/", "MEDIA_S3_BUCKET": "zzrb"}, "PAGE_FILES_ACCEL_REDIRECT"),
    ],
)
def test_page_files_in_reach_of_the_web_server_are_refused_naming_the_variable(tmp_path, env, variable):
    env = {name: value.format(media=tmp_path / "media") for name, value in env.items()}
    with pytest.raises(ConfigError, match=f"^{variable} "):
        page_file_storage(media_storage(env), env, tmp_path / "media", tmp_path)


def manage(*args, **env):
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )


BAD = [
    ({"DEBUG": "1", "DATABASE_URL": "mysql://root@localhost/news"}, "DATABASE_URL"),
    ({"DEBUG": "1", "DATABASE_URL": "postgres://host:port/news"}, "DATABASE_URL"),
    ({"DEBUG": "0"}, "SECRET_KEY"),
    ({"DEBUG": "perhaps"}, "DEBUG"),
    ({"DEBUG": "1", "REDIS_URL": "localhost:6379"}, "REDIS_URL"),
    ({"DEBUG": "1", "DATABASE_REPLICA_URL": "postgres://127.0.0.1/newsroom"}, "DATABASE_REPLICA_URL"),
    ({"DEBUG": "1", "SESSION_BACKEND": "cache"}, "SESSION_BACKEND"),
    ({"DEBUG": "1", "MEDIA_S3_BUCKET": "Not A Bucket"}, "MEDIA_S3_BUCKET"),
    ({"DEBUG": "1", "API_CORS_ORIGINS": "m.example.cn"}, "API_CORS_ORIGINS"),
]


def settings_module(**env):
    """The settings module run afresh in this process on the given environment (a start-up without a new Python)."""
    environ = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG"}}
    with mock.patch.dict(os.environ, {**environ, **env}, clear=True):
        return runpy.run_path(str(ROOT / "newsroom" / "settings.py"))


@pytest.mark.parametrize("env, variable", BAD)
def test_bad_configuration_is_one_sentence_naming_the_variable(env, variable):
    with pytest.raises(ConfigError) as raised:
        settings_module(**env)
    assert variable in str(raised.value) and "\n" not in str(raised.value)


@pytest.mark.parametrize("env, variable", [BAD[0], BAD[2]])  # one from config.py's parsers, one from settings.py
def test_bad_configuration_stops_start_up_with_that_one_sentence_and_no_traceback(env, variable):
    result = manage("check", **env)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]


def test_the_deployment_check_is_clean_with_debug_off_and_a_real_secret_key():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="k" * 10 + "a-long-random-production-key-9f8e7d6c5b4a3",
        ALLOWED_HOSTS="news.example.cn",
        HTTPS="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def settings_with(**env):
    s = settings_module(DEBUG="1", **env)
    return [sorted(s["DATABASES"]), s["DATABASE_ROUTERS"], s["MIDDLEWARE"], s["SESSION_ENGINE"], s["STORAGES"][DEFAULT]]


def test_the_variables_past_one_machine_reach_the_settings():
    url = "postgres://postgres@127.0.0.1:5432/newsroom"
    aliases, routers, middleware, session, storage = settings_with(
        DATABASE_URL=url,
        DATABASE_REPLICA_URL=url,
        REDIS_URL="redis://127.0.0.1:6379/0",
        SESSION_BACKEND="cache",
        MEDIA_S3_BUCKET="zzrb-media",
        MEDIA_S3_PREFIX="media",
        API_CORS_ORIGINS="https://m.example.cn",
    )
    assert middleware[:2] == [CORS_MIDDLEWARE, "newsroom.cache.PublicPageCacheMiddleware"]
    assert aliases == ["default", "replica"]
    assert routers == ["newsroom.routers.PrimaryReplicaRouter"]
    auth = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert middleware[auth + 1] == "newsroom.routers.PinToPrimaryMiddleware"
    assert session == "django.contrib.sessions.backends.cached_db"
    assert (storage["BACKEND"], storage["OPTIONS"]["location"]) == ("storages.backends.s3.S3Storage", "media")


def test_by_default_one_database_no_router_sessions_in_the_database_and_files_on_disk(settings):
    # The suite's own settings are the defaults (tests/testenv.py unsets the variables past one machine).
    assert list(settings.DATABASES) in (["default"], ["default", "replica"])  # a test mirror on PostgreSQL
    assert settings.DATABASE_ROUTERS == []
    assert "newsroom.routers.PinToPrimaryMiddleware" not in settings.MIDDLEWARE
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.STORAGES["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_production_hashes_passwords_with_pbkdf2_or_argon2_while_the_tests_use_a_fast_hasher():
    from django.conf import global_settings, settings

    import newsroom.settings as project

    production = getattr(project, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    assert production[0] in {
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    }
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]  # tests/conftest.py
