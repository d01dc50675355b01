/**
 * Where entries live.
 * <p>
 * API (the store SPI): {@link io.github.httpcache.store.CacheStore},
 * {@link io.github.httpcache.store.ReactiveCacheStore}, {@link io.github.httpcache.store.Lookup},
 * {@link io.github.httpcache.store.CacheStoreException}, with {@code CacheEntry}, {@code CacheKey} and
 * {@code Headers} from {@code io.github.httpcache.core}. The Redis and in-memory implementations, the
 * entry codec, the call guard and the circuit breaker are public only because the auto-configuration
 * builds them; they are not API and may change without notice.
 */
@NullMarked
package io.github.httpcache.store;

import org.jspecify.annotations.NullMarked;
