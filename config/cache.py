"""Django's Redis cache, with one Redis client per connection pool, and a counter
that costs one round trip.

Django makes a new `redis.Redis` for every cache call, and building one (its table
of reply handlers) cost more than the call itself: five calls for a calendar
feed's rate limits and cached text were a third of answering it. A client only
holds its pool, so one per pool is enough.
"""

from django.core.cache.backends import redis as django_redis


class ReusedClients(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients

    def count(self, key: str, *, timeout: int) -> int:
        """Add one to the counter `key`, started at 0 for `timeout` seconds if missing.

        One round trip (SET NX EX, then INCR, pipelined): Django's `add` and `incr`
        take three, and every `incr` asks first whether the key exists.
        """
        name = self.make_and_validate_key(key)
        pipeline = self._cache.get_client(name, write=True).pipeline(transaction=False)
        pipeline.set(name, 0, ex=timeout, nx=True)
        pipeline.incr(name)
        return pipeline.execute()[1]

    def push(self, key: str, value: str) -> int:
        """Append `value` to the list `key` (kept without expiry); its new length."""
        name = self.make_and_validate_key(key)
        return self._cache.get_client(name, write=True).rpush(name, value)

    def pop(self, key: str, count: int) -> list[str]:
        """Take up to `count` values off the front of the list `key`, at once: a value
        taken by one process is never taken by another."""
        name = self.make_and_validate_key(key)
        values = self._cache.get_client(name, write=True).lpop(name, count) or []
        return [value.decode() for value in values]
