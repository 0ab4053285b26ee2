"""The environment of a test run, set before pytest-django loads the settings.

Loaded with `-p tests.testenv` (pyproject.toml) because the settings are read
before any conftest.py. DATABASE_URL is left alone: make test runs the suite
once on SQLite and once on PostgreSQL.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The suite runs on one machine's defaults whatever the shell exports: no replica, sessions in the database, media on
# disk, a local-memory cache. The tests of the others set them up themselves (tests/newsroom/test_replica.py,
# tests/articles/test_photos_s3.py); the shared cache's (tests/newsroom/test_shared_cache.py) uses the REDIS_URL kept
# here as TEST_REDIS_URL.
if os.environ.get("REDIS_URL"):
    os.environ.setdefault("TEST_REDIS_URL", os.environ["REDIS_URL"])
for name in (
    "REDIS_URL",
    "NEWSPAPER_NAME",
    "DATABASE_REPLICA_URL",
    "SESSION_BACKEND",
    "API_CORS_ORIGINS",
    "PAGE_FILES_ROOT",
    "PAGE_FILES_ACCEL_REDIRECT",
):
    os.environ.pop(name, None)
for name in [name for name in os.environ if name.startswith("MEDIA_S3_")]:
    os.environ.pop(name)
