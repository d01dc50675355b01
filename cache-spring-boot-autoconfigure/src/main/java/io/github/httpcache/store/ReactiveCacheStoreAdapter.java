package io.github.httpcache.store;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link CacheStore} seen as a {@link ReactiveCacheStore}: calls run in place when the store never
 * waits (in memory), else on the bounded elastic scheduler, so a blocking store never holds up an
 * event-loop thread.
 */
final class ReactiveCacheStoreAdapter implements ReactiveCacheStore {

	private final CacheStore store;

	private final boolean inPlace;

	ReactiveCacheStoreAdapter(CacheStore store, boolean inPlace) {
		this.store = store;
		this.inPlace = inPlace;
	}

	@Override
	public Mono<List<CacheEntry>> get(CacheKey key) {
		return call(() -> this.store.get(key));
	}

	@Override
	public Mono<Void> put(CacheKey key, CacheEntry entry) {
		return call(() -> {
			this.store.put(key, entry);
			return null;
		});
	}

	@Override
	public Mono<Lookup> lookup(CacheKey key) {
		return call(() -> this.store.lookup(key));
	}

	@Override
	public Mono<Long> generation(String urlKey) {
		return call(() -> this.store.generation(urlKey));
	}

	@Override
	public Mono<Boolean> put(CacheKey key, CacheEntry entry, long generation) {
		return call(() -> this.store.put(key, entry, generation));
	}

	@Override
	public Mono<Boolean> freshen(CacheKey key, CacheEntry entry, long generation) {
		return call(() -> this.store.freshen(key, entry, generation));
	}

	@Override
	public Mono<Void> evictUrl(String urlKey) {
		return call(() -> {
			this.store.evictUrl(urlKey);
			return null;
		});
	}

	@Override
	public Mono<Boolean> tryLease(CacheKey key, String owner, Duration ttl) {
		return call(() -> this.store.tryLease(key, owner, ttl));
	}

	@Override
	public Mono<Void> releaseLease(CacheKey key, String owner) {
		return call(() -> {
			this.store.releaseLease(key, owner);
			return null;
		});
	}

	private <T> Mono<T> call(Callable<T> call) {
		Mono<T> mono = Mono.fromCallable(call);
		return this.inPlace ? mono : mono.subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public String toString() {
		return "ReactiveCacheStoreAdapter[" + this.store + (this.inPlace ? "" : ", on boundedElastic") + "]";
	}

}
