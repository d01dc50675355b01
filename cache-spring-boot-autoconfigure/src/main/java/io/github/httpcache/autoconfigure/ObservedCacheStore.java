package io.github.httpcache.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.Lookup;

/**
 * A blocking store whose every request-path call is an observation named
 * {@value StoreObservations#NAME}, a child of the current observation (on RestClient and RestTemplate,
 * Spring's {@code http.client.requests}, in scope on the calling thread). Administration calls
 * ({@code keySecret}, {@code forEachUrlKey}) pass through unobserved.
 */
final class ObservedCacheStore implements CacheStore, CacheStoreDecorator.Decorated {

	private final CacheStore delegate;

	private final StoreObservations observations;

	ObservedCacheStore(CacheStore delegate, StoreObservations observations) {
		this.delegate = delegate;
		this.observations = observations;
	}

	@Override
	public CacheStore delegate() {
		return this.delegate;
	}

	@Override
	public List<CacheEntry> get(CacheKey key) {
		return observe(StoreObservations.GET, () -> this.delegate.get(key));
	}

	@Override
	public Lookup lookup(CacheKey key) {
		return observe(StoreObservations.GET, () -> this.delegate.lookup(key));
	}

	@Override
	public long generation(String urlKey) {
		return observe(StoreObservations.GET, () -> this.delegate.generation(urlKey));
	}

	@Override
	public void put(CacheKey key, CacheEntry entry) {
		observe(StoreObservations.PUT, () -> {
			this.delegate.put(key, entry);
			return null;
		});
	}

	@Override
	public boolean put(CacheKey key, CacheEntry entry, long generation) {
		return observe(StoreObservations.PUT, () -> this.delegate.put(key, entry, generation));
	}

	@Override
	public boolean freshen(CacheKey key, CacheEntry entry, long generation) {
		return observe(StoreObservations.PUT, () -> this.delegate.freshen(key, entry, generation));
	}

	@Override
	public void evictUrl(String urlKey) {
		observe(StoreObservations.DELETE, () -> {
			this.delegate.evictUrl(urlKey);
			return null;
		});
	}

	@Override
	public List<CacheEntry> entriesForUrl(String urlKey) {
		return observe(StoreObservations.GET, () -> this.delegate.entriesForUrl(urlKey));
	}

	@Override
	public void clear() {
		observe(StoreObservations.DELETE, () -> {
			this.delegate.clear();
			return null;
		});
	}

	@Override
	public byte[] keySecret(byte[] candidate) {
		return this.delegate.keySecret(candidate);
	}

	@Override
	public void forEachUrlKey(Consumer<String> action) {
		this.delegate.forEachUrlKey(action);
	}

	@Override
	public boolean tryLease(CacheKey key, String owner, Duration ttl) {
		return observe(StoreObservations.LEASE, () -> this.delegate.tryLease(key, owner, ttl));
	}

	@Override
	public void releaseLease(CacheKey key, String owner) {
		observe(StoreObservations.LEASE, () -> {
			this.delegate.releaseLease(key, owner);
			return null;
		});
	}

	private <T> T observe(String operation, Supplier<T> call) {
		Observation observation = this.observations.create(operation, null).start();
		try (Observation.Scope scope = observation.openScope()) {
			T result = call.get();
			observation.lowCardinalityKeyValue(KeyValue.of(StoreObservations.OUTCOME, StoreObservations.SUCCESS));
			return result;
		}
		catch (RuntimeException ex) {
			observation.lowCardinalityKeyValue(KeyValue.of(StoreObservations.OUTCOME, StoreObservations.outcome(ex)));
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	@Override
	public String toString() {
		return "Observed(" + this.delegate + ")";
	}

}
