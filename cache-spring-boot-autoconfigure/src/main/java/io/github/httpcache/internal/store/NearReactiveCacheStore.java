package io.github.httpcache.internal.store;

import java.time.Duration;
import java.util.List;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.Lookup;
import io.github.httpcache.store.ReactiveCacheStore;
import reactor.core.publisher.Mono;

/**
 * The non-blocking form of {@link NearCacheStore}, for the WebClient path: a near hit answers in
 * place, on the subscribing thread, with no call to Redis; anything else goes to the reactive store,
 * and what a lookup finds fills the near tier (fenced by a {@link NearCache.Ticket} taken before the
 * read). Writes and evictions drop this instance's near copy before and after they reach the store.
 */
public final class NearReactiveCacheStore implements ReactiveCacheStore {

	private final ReactiveCacheStore store;

	private final NearCache near;

	public NearReactiveCacheStore(ReactiveCacheStore store, NearCache near) {
		this.store = store;
		this.near = near;
	}

	/** The store behind the near tier. */
	public ReactiveCacheStore store() {
		return this.store;
	}

	@Override
	public Mono<List<CacheEntry>> get(CacheKey key) {
		return lookup(key).map(Lookup::entries);
	}

	@Override
	public Mono<Lookup> lookup(CacheKey key) {
		return Mono.defer(() -> {
			Lookup kept = this.near.get(key);
			if (kept != null) {
				return Mono.just(kept);
			}
			NearCache.Ticket ticket = this.near.ticket(key.urlKey());
			return this.store.lookup(key).doOnNext((found) -> this.near.fill(key, found, ticket));
		});
	}

	@Override
	public Mono<Long> generation(String urlKey) {
		return this.store.generation(urlKey);
	}

	@Override
	public Mono<Void> put(CacheKey key, CacheEntry entry) {
		return put(key, entry, CacheStore.ANY_GENERATION).then();
	}

	@Override
	public Mono<Boolean> put(CacheKey key, CacheEntry entry, long generation) {
		return Mono.defer(() -> {
			this.near.invalidate(key.urlKey());
			return this.store.put(key, entry, generation);
		})
			// Before the outcome travels on (doFinally would run after): the next request never sees the old copy.
			.doOnTerminate(() -> this.near.invalidate(key.urlKey()))
			.doOnCancel(() -> this.near.invalidate(key.urlKey()));
	}

	@Override
	public Mono<Boolean> freshen(CacheKey key, CacheEntry entry, long generation) {
		return Mono.defer(() -> {
			this.near.invalidate(key.urlKey());
			return this.store.freshen(key, entry, generation);
		}).doOnTerminate(() -> this.near.invalidate(key.urlKey())).doOnCancel(() -> this.near.invalidate(key.urlKey()));
	}

	@Override
	public Mono<Void> evictUrl(String urlKey) {
		return Mono.defer(() -> {
			this.near.invalidate(urlKey);
			return this.store.evictUrl(urlKey);
		})
			.doOnTerminate(() -> this.near.invalidate(urlKey))
			.doOnCancel(() -> this.near.invalidate(urlKey));
	}

	@Override
	public Mono<Boolean> tryLease(CacheKey key, String owner, Duration ttl) {
		return this.store.tryLease(key, owner, ttl);
	}

	@Override
	public Mono<Void> releaseLease(CacheKey key, String owner) {
		return this.store.releaseLease(key, owner);
	}

}
