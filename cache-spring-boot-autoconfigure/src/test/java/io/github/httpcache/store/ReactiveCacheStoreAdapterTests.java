package io.github.httpcache.store;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.core.Headers;
import io.github.httpcache.internal.store.InMemoryCacheStore;
import io.github.httpcache.test.BlockingCalls;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReactiveCacheStore#adapt}: a blocking store never runs on the caller's Reactor thread, the
 * in-memory store answers in place.
 */
class ReactiveCacheStoreAdapterTests {

	private final Instant now = Instant.parse("2026-11-25T12:00:00Z");

	private final CacheKey key = new CacheKey("url-key", "request-key", "http://example.com/a");

	@Test
	void blockingStoreRunsOnBoundedElastic() {
		RecordingStore blocking = new RecordingStore();
		ReactiveCacheStore adapted = ReactiveCacheStore.adapt(blocking);
		Mono.defer(() -> adapted.get(this.key)).subscribeOn(Schedulers.parallel()).block();
		Mono.defer(() -> adapted.put(this.key, entry())).subscribeOn(Schedulers.parallel()).block();
		assertThat(blocking.threads).hasSize(2).allSatisfy((thread) -> assertThat(thread).startsWith("boundedElastic"));
	}

	@Test
	void memoryStoreAnswersInPlaceWithoutBlocking() {
		BlockingCalls.clear();
		ReactiveCacheStore adapted = ReactiveCacheStore.adapt(new InMemoryCacheStore(1024 * 1024));
		List<CacheEntry> found = Mono.defer(() -> adapted.put(this.key, entry()).then(adapted.get(this.key)))
			.subscribeOn(Schedulers.parallel())
			.block();
		assertThat(found).containsExactly(entry());
		assertThat(BlockingCalls.detected()).isEmpty();
	}

	private CacheEntry entry() {
		return new CacheEntry("request-key", "http://example.com/a", "GET", 200, Headers.empty(), new byte[] { 1 },
				Headers.empty(), this.now, this.now, null, this.now);
	}

	/** Records the thread each call runs on. */
	private static final class RecordingStore implements CacheStore {

		final List<String> threads = new CopyOnWriteArrayList<>();

		@Override
		public List<CacheEntry> get(CacheKey key) {
			this.threads.add(Thread.currentThread().getName());
			return List.of();
		}

		@Override
		public void put(CacheKey key, CacheEntry entry) {
			this.threads.add(Thread.currentThread().getName());
		}

		@Override
		public void evictUrl(String urlKey) {
		}

		// No @Override: the SPI gains this method for the actuator endpoint on another branch.
		public List<CacheEntry> entriesForUrl(String urlKey) {
			return List.of();
		}

		@Override
		public void clear() {
		}

	}

}
