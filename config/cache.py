"""Django's Redis cache, with one Redis client per connection pool.

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
