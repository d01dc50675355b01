package io.github.httpcache.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.httpcache.autoconfigure.HttpCacheAutoConfiguration;
import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.internal.store.InMemoryCacheStore;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.Lookup;
import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.MutableClock;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 304 leaves the stored body as it is (RFC 9111 §4.3.4): on every client the flow hands the store
 * the freshened entry through {@link CacheStore#freshen}, so a store that keeps head and body apart
 * rewrites the head only, and never through a full {@code put}.
 */
class FreshenOn304Tests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));

	private final CountingStore store = new CountingStore(new InMemoryCacheStore(1 << 20, Duration.ofHours(1), this.clock));

	private TestOrigin origin;

	@BeforeEach
	void startOrigin() {
		this.origin = TestOrigin.start();
	}

	@AfterEach
	void stopOrigin() {
		this.origin.close();
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void a304FreshensTheStoredEntryInsteadOfWritingItAgain(ClientKind kind) {
		CacheContexts.withoutStore()
			.withBean(HttpCacheAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> this.clock)
			.withBean(CacheStore.class, () -> this.store)
			.withPropertyValues("http.cache.store=memory", "http.cache.expire-after=60s")
			.run((context) -> {
				Client client = kind.create(context);
				this.origin.enqueue(Reply.ok("A").header("ETag", "\"a\"")).enqueue(Reply.notModified().header("ETag", "\"a\""));
				String url = this.origin.url("/a");
				client.get(url);
				assertThat(this.store.puts).hasValue(1);
				this.clock.advance(Duration.ofSeconds(90));
				Result revalidated = client.get(url);
				assertThat(revalidated.body()).isEqualTo("A");
				assertThat(revalidated.cacheStatus()).startsWith("http-cache; fwd=stale; fwd-status=304");
				assertThat(this.origin.requestCount()).isEqualTo(2);
				assertThat(this.store.puts).as("full writes").hasValue(1);
				assertThat(this.store.freshens).as("head-only writes").hasValue(1);
			});
	}

	/** Counts full writes and freshenings; everything else is the memory store's. */
	static final class CountingStore implements CacheStore {

		private final InMemoryCacheStore delegate;

		final AtomicInteger puts = new AtomicInteger();

		final AtomicInteger freshens = new AtomicInteger();

		CountingStore(InMemoryCacheStore delegate) {
			this.delegate = delegate;
		}

		@Override
		public List<CacheEntry> get(CacheKey key) {
			return this.delegate.get(key);
		}

		@Override
		public Lookup lookup(CacheKey key) {
			return this.delegate.lookup(key);
		}

		@Override
		public void put(CacheKey key, CacheEntry entry) {
			this.puts.incrementAndGet();
			this.delegate.put(key, entry);
		}

		@Override
		public boolean put(CacheKey key, CacheEntry entry, long generation) {
			this.puts.incrementAndGet();
			return this.delegate.put(key, entry, generation);
		}

		@Override
		public boolean freshen(CacheKey key, CacheEntry entry, long generation) {
			this.freshens.incrementAndGet();
			return this.delegate.put(key, entry, generation);
		}

		@Override
		public void evictUrl(String urlKey) {
			this.delegate.evictUrl(urlKey);
		}

		@Override
		public List<CacheEntry> entriesForUrl(String urlKey) {
			return this.delegate.entriesForUrl(urlKey);
		}

		@Override
		public void clear() {
			this.delegate.clear();
		}

	}

}
