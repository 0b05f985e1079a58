"""Django's Redis cache, where a Redis that does not answer is a cache miss.

The cache holds what can be computed again (filter choices, medians, counters of throttles):
a hung or stopped Redis must not turn a page into an error after waiting. A failed call
answers as an empty cache would (a read misses, a write is dropped) and starts the pause of
notifications.broker, during which this process does not try Redis at all, cache or broker.
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from notifications.broker import pause

logger = logging.getLogger(__name__)


class RedisCacheOrMiss(RedisCache):
    def answer(self, call, *args, missed=None, **kwargs):
        """`call(*args, **kwargs)` on the Redis cache, or `missed` if Redis fails."""
        if pause.active():
            return missed
        try:
            return call(*args, **kwargs)
        except RedisError as error:
            pause.start()
            logger.warning("cache unreachable", extra={"error": type(error).__name__})
            return missed

    def get(self, key, default=None, version=None):
        return self.answer(super().get, key, default, version, missed=default)

    def get_many(self, keys, version=None):
        return self.answer(super().get_many, keys, version, missed={})

    def has_key(self, key, version=None):
        return self.answer(super().has_key, key, version, missed=False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.answer(super().add, key, value, timeout, version, missed=False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.answer(super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self.answer(super().set_many, data, timeout, version, missed=list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.answer(super().touch, key, timeout, version, missed=False)

    def delete(self, key, version=None):
        return self.answer(super().delete, key, version, missed=False)

    def delete_many(self, keys, version=None):
        return self.answer(super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        # A missing key raises ValueError, as Django's caches do; an unreachable one counts 0.
        return self.answer(super().incr, key, delta, version, missed=0)

    def clear(self):
        return self.answer(super().clear, missed=False)
