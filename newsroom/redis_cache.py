"""Django's Redis cache backend, keeping its redis.Redis clients instead of making one per operation."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class KeptClient(RedisCacheClient):
    """Django makes a new redis.Redis for every cache operation, and redis-py builds some two hundred
    response callbacks in each one's constructor: that cost more than the read itself (a page served from
    the page cache took 534 µs in-process here, 250 of them in Redis.__init__). A redis.Redis holds no
    connection of its own (its pool does) and is safe to share between threads: one a pool serves all."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        kept = self.__dict__.setdefault("_kept", {})
        if pool not in kept:
            kept[pool] = self._client(connection_pool=pool)
        return kept[pool]


class KeptRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClient
