/**
 * The store SPI: where entries live.
 * <p>
 * API: {@link io.github.httpcache.store.CacheStore}, {@link io.github.httpcache.store.ReactiveCacheStore},
 * {@link io.github.httpcache.store.Lookup} and {@link io.github.httpcache.store.CacheStoreException}, with
 * {@code CacheEntry}, {@code CacheKey} and {@code Headers} from {@code io.github.httpcache.core}. The
 * starter's own stores (Redis, in-memory, the near tier), the entry codec, the call guard and the
 * circuit breaker are in {@code io.github.httpcache.internal.store}, which is not API.
 */
@NullMarked
package io.github.httpcache.store;

import org.jspecify.annotations.NullMarked;
