package io.github.httpcache.store;

import java.time.Duration;
import java.util.List;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.internal.store.InMemoryCacheStore;
import io.github.httpcache.internal.store.ReactiveRedisCacheStore;
import io.github.httpcache.internal.store.RedisCacheStore;
import reactor.core.publisher.Mono;

/**
 * The non-blocking form of {@link CacheStore}, for the WebClient path: the same contract, operation by
 * operation, with results as {@link Mono}s that never block the subscribing thread. Failures are
 * signalled as errors, which the engine turns into misses.
 * <p>
 * {@link ReactiveRedisCacheStore} reads and writes the keys {@link RedisCacheStore} does, so the
 * blocking and reactive clients of one application share their entries;
 * {@link #adapt(CacheStore)} serves any other store.
 */
public interface ReactiveCacheStore {

	/** Every stored variant for the key's request key. */
	Mono<List<CacheEntry>> get(CacheKey key);

	/** Stores the entry under the key, replacing the variant with the same variant key. */
	Mono<Void> put(CacheKey key, CacheEntry entry);

	/** Removes every entry stored for the URL key. */
	Mono<Void> evictUrl(String urlKey);

	/** Every stored variant with the URL's generation, as {@link CacheStore#lookup}. */
	default Mono<Lookup> lookup(CacheKey key) {
		return get(key).map((entries) -> new Lookup(entries, CacheStore.ANY_GENERATION));
	}

	/** The URL's current generation, as {@link CacheStore#generation}. */
	default Mono<Long> generation(String urlKey) {
		return Mono.just(CacheStore.ANY_GENERATION);
	}

	/** Stores the entry unless the URL was invalidated since the generation was read, as {@link CacheStore#put(CacheKey, CacheEntry, long)}. */
	default Mono<Boolean> put(CacheKey key, CacheEntry entry, long generation) {
		return put(key, entry).thenReturn(true);
	}

	/** Stores an entry freshened by a 304, rewriting only its head where it can, as {@link CacheStore#freshen}. */
	default Mono<Boolean> freshen(CacheKey key, CacheEntry entry, long generation) {
		return put(key, entry, generation);
	}

	/**
	 * Tries to take the fetch lease of the key's request key, as {@link CacheStore#tryLease}.
	 * @param key the request's key
	 * @param owner a value unique to the caller, needed to release the lease
	 * @param ttl how long the lease lasts if it is never released
	 * @return whether the caller now holds the lease; always {@code true} for stores without leases
	 */
	default Mono<Boolean> tryLease(CacheKey key, String owner, Duration ttl) {
		return Mono.just(true);
	}

	/** Releases the key's lease if {@code owner} still holds it, as {@link CacheStore#releaseLease}. */
	default Mono<Void> releaseLease(CacheKey key, String owner) {
		return Mono.empty();
	}

	/**
	 * Adapts a blocking store: the in-memory store answers in place (it never waits), any other store
	 * (a {@link RedisCacheStore} over Jedis, a store of the application's own) runs on Reactor's
	 * bounded elastic scheduler so that no event-loop thread waits on it.
	 * @param store the store to adapt
	 * @return a reactive view of the same entries
	 */
	static ReactiveCacheStore adapt(CacheStore store) {
		if (store instanceof ReactiveCacheStore reactive) {
			return reactive;
		}
		return new ReactiveCacheStoreAdapter(store, store instanceof InMemoryCacheStore);
	}

}
