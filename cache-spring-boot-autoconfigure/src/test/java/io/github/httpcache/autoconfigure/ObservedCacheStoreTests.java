package io.github.httpcache.autoconfigure;

import java.util.List;
import java.util.concurrent.TimeoutException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.CacheStoreException;
import io.github.httpcache.store.ReactiveCacheStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Store calls as observations: the outcome of a failed call, and the parent of a reactive one. */
class ObservedCacheStoreTests {

	private static final CacheKey KEY = new CacheKey("u", "r", "http://example.com/");

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	@Test
	void aTimedOutCallIsObservedAsATimeoutAndStillThrows() {
		CacheStore failing = new FailingStore(new CacheStoreException("slow", new TimeoutException("250ms")));
		CacheStore observed = new ObservedCacheStore(failing, new StoreObservations(this.registry, "github"));
		assertThatExceptionOfType(CacheStoreException.class).isThrownBy(() -> observed.get(KEY));
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("http.client.cache.store")
			.that()
			.hasLowCardinalityKeyValue("operation", "get")
			.hasLowCardinalityKeyValue("outcome", "timeout")
			.hasLowCardinalityKeyValue("cache", "github")
			.hasError();
		assertThat(CacheStoreDecorator.undecorated(observed)).isSameAs(failing);
	}

	@Test
	void aReactiveCallsParentIsTheObservationInTheReactorContext() {
		Observation parent = Observation.start("http.client.requests", this.registry);
		ReactiveCacheStore store = new ObservedReactiveCacheStore(new EmptyReactiveStore(),
				new StoreObservations(this.registry, "http-cache"));
		List<CacheEntry> entries = store.get(KEY)
			.contextWrite((context) -> context
				.put(io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor.KEY, parent))
			.block();
		assertThat(entries).isEmpty();
		parent.stop();
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("http.client.cache.store")
			.that()
			.hasParentObservationEqualTo(parent)
			.hasLowCardinalityKeyValue("outcome", "success");
	}

	private record FailingStore(RuntimeException failure) implements CacheStore {

		@Override
		public List<CacheEntry> get(CacheKey key) {
			throw this.failure;
		}

		@Override
		public void put(CacheKey key, CacheEntry entry) {
			throw this.failure;
		}

		@Override
		public void evictUrl(String urlKey) {
			throw this.failure;
		}

		@Override
		public List<CacheEntry> entriesForUrl(String urlKey) {
			throw this.failure;
		}

		@Override
		public void clear() {
			throw this.failure;
		}

	}

	private static final class EmptyReactiveStore implements ReactiveCacheStore {

		@Override
		public Mono<List<CacheEntry>> get(CacheKey key) {
			return Mono.just(List.of());
		}

		@Override
		public Mono<Void> put(CacheKey key, CacheEntry entry) {
			return Mono.empty();
		}

		@Override
		public Mono<Void> evictUrl(String urlKey) {
			return Mono.empty();
		}

	}

}
