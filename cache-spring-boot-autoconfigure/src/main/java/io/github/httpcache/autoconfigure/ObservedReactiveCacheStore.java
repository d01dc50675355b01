package io.github.httpcache.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import reactor.core.publisher.Mono;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.store.Lookup;
import io.github.httpcache.store.ReactiveCacheStore;

/**
 * A non-blocking store whose every call is an observation named {@value StoreObservations#NAME}. Its
 * parent is the observation in the subscriber's Reactor context: on WebClient, Spring's
 * {@code http.client.requests}, which the client puts there under
 * {@link ObservationThreadLocalAccessor#KEY}. No thread-local is read, so the parent is right on
 * whatever thread the store answers.
 */
final class ObservedReactiveCacheStore implements ReactiveCacheStore {

	private final ReactiveCacheStore delegate;

	private final StoreObservations observations;

	ObservedReactiveCacheStore(ReactiveCacheStore delegate, StoreObservations observations) {
		this.delegate = delegate;
		this.observations = observations;
	}

	ReactiveCacheStore delegate() {
		return this.delegate;
	}

	@Override
	public Mono<List<CacheEntry>> get(CacheKey key) {
		return observe(StoreObservations.GET, () -> this.delegate.get(key));
	}

	@Override
	public Mono<Void> put(CacheKey key, CacheEntry entry) {
		return observe(StoreObservations.PUT, () -> this.delegate.put(key, entry));
	}

	@Override
	public Mono<Void> evictUrl(String urlKey) {
		return observe(StoreObservations.DELETE, () -> this.delegate.evictUrl(urlKey));
	}

	@Override
	public Mono<Lookup> lookup(CacheKey key) {
		return observe(StoreObservations.GET, () -> this.delegate.lookup(key));
	}

	@Override
	public Mono<Long> generation(String urlKey) {
		return observe(StoreObservations.GET, () -> this.delegate.generation(urlKey));
	}

	@Override
	public Mono<Boolean> put(CacheKey key, CacheEntry entry, long generation) {
		return observe(StoreObservations.PUT, () -> this.delegate.put(key, entry, generation));
	}

	@Override
	public Mono<Boolean> freshen(CacheKey key, CacheEntry entry, long generation) {
		return observe(StoreObservations.PUT, () -> this.delegate.freshen(key, entry, generation));
	}

	@Override
	public Mono<Boolean> tryLease(CacheKey key, String owner, Duration ttl) {
		return observe(StoreObservations.LEASE, () -> this.delegate.tryLease(key, owner, ttl));
	}

	@Override
	public Mono<Void> releaseLease(CacheKey key, String owner) {
		return observe(StoreObservations.LEASE, () -> this.delegate.releaseLease(key, owner));
	}

	private <T> Mono<T> observe(String operation, Supplier<Mono<T>> call) {
		return Mono.deferContextual((context) -> {
			Observation parent = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
			Observation observation = this.observations.create(operation, parent).start();
			return call.get().doOnSuccess((result) -> {
				observation.lowCardinalityKeyValue(KeyValue.of(StoreObservations.OUTCOME, StoreObservations.SUCCESS));
				observation.stop();
			}).doOnError((ex) -> {
				observation.lowCardinalityKeyValue(KeyValue.of(StoreObservations.OUTCOME, StoreObservations.outcome(ex)));
				observation.error(ex);
				observation.stop();
			}).doOnCancel(() -> {
				observation.lowCardinalityKeyValue(KeyValue.of(StoreObservations.OUTCOME, "cancelled"));
				observation.stop();
			}).contextWrite((ctx) -> ctx.put(ObservationThreadLocalAccessor.KEY, observation));
		});
	}

	@Override
	public String toString() {
		return "Observed(" + this.delegate + ")";
	}

}
