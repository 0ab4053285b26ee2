"""The cache that REDIS_URL selects is shared: what one worker sets or deletes, another sees at once.

Against the Redis at REDIS_URL (kept by tests/testenv.py as TEST_REDIS_URL), else redis://127.0.0.1:6379/15. When it
does not answer the test is skipped, saying so; with REQUIRE_REDIS=1 (.ci/run) its absence is a failure.
"""

import os
import uuid

import pytest
import redis

from newsroom.config import ConfigError, env_bool, parse_redis_url
from newsroom.redis_cache import KeptRedisCache

DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture(scope="module")
def redis_url():
    url = os.environ.get("TEST_REDIS_URL") or DEFAULT_TEST_REDIS_URL
    try:
        parse_redis_url(url)
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except (ConfigError, redis.RedisError) as exc:
        reason = f"no Redis answers at {url} ({exc})"
        if env_bool(os.environ, "REQUIRE_REDIS", False):
            pytest.fail(f"{reason}, and REQUIRE_REDIS is set.")
        pytest.skip(reason)
    return url


def worker_cache(url, prefix):
    """The cache as settings.py configures it for REDIS_URL, as one worker process has it: its own connections."""
    return KeptRedisCache(url, {"KEY_PREFIX": prefix})


def test_two_workers_caches_see_each_others_sets_and_deletes(redis_url):
    prefix = f"newsroom-test-{uuid.uuid4().hex}"
    first, second = worker_cache(redis_url, prefix), worker_cache(redis_url, prefix)
    assert first._cache is not second._cache
    try:
        assert second.get("front-page") is None
        first.set("front-page", "株洲日报 2020-04-28 A1", timeout=60)
        assert second.get("front-page") == "株洲日报 2020-04-28 A1"
        second.set_many({"a": 1, "b": 2}, timeout=60)
        assert first.get_many(["a", "b"]) == {"a": 1, "b": 2}
        assert first.incr("a") == 2 and second.get("a") == 2
        second.delete("front-page")
        assert first.get("front-page") is None
        # another prefix (another site on the same Redis) sees none of it
        assert worker_cache(redis_url, f"{prefix}-other").get("b") is None
    finally:
        first.delete_many(["front-page", "a", "b"])
        client = redis.Redis.from_url(redis_url)
        assert client.keys(f"{prefix}:*") == []
        client.close()
        first.close()
        second.close()
