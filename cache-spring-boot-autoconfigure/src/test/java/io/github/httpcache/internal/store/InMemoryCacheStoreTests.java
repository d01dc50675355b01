package io.github.httpcache.internal.store;

import java.time.Duration;
import java.util.List;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.core.Headers;
import io.github.httpcache.store.CacheStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The store contract on the Caffeine store, plus its byte bound and lifetimes on a moved clock. */
class InMemoryCacheStoreTests extends CacheStoreContractTests {

	private final InMemoryCacheStore store = new InMemoryCacheStore(4 * 1024 * 1024, RETAIN_STALE, this.clock);

	@Override
	CacheStore store() {
		return this.store;
	}

	@Override
	List<CacheEntry> entriesForUrl(String urlKey) {
		return this.store.entriesForUrl(urlKey);
	}

	@Test
	void entryIsGoneOnceFreshnessAndRetentionHavePassed() {
		CacheKey key = key("/ttl", "GET");
		this.store.put(key, entry(key, "A", Headers.empty(), Duration.ofMinutes(10)));
		this.clock.advance(Duration.ofMinutes(10).plus(RETAIN_STALE).minusSeconds(1));
		assertThat(this.store.get(key)).hasSize(1);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.store.get(key)).isEmpty();
	}

	@Test
	void eachVariantKeepsItsOwnLifetime() {
		CacheKey key = key("/variants", "GET");
		this.store.put(key, entry(key, "short", Headers.of("accept-language", "en"), Duration.ofMinutes(1)));
		this.store.put(key, entry(key, "forever", Headers.of("accept-language", "fr"), null));
		this.clock.advance(Duration.ofDays(2));
		assertThat(this.store.get(key)).singleElement().satisfies((entry) -> assertThat(entry.body()).asString().isEqualTo("forever"));
	}

	@Test
	void entryStoredAgainAfterExpiringCanStillBeInvalidated() {
		CacheKey key = key("/expired-then-stored", "GET");
		this.store.put(key, entry(key, "old", Headers.empty(), Duration.ofMinutes(1)));
		this.clock.advance(Duration.ofDays(1));
		this.store.put(key, entry(key, "new", Headers.empty(), Duration.ofMinutes(1)));
		this.store.evictUrl(key.urlKey());
		assertThat(this.store.get(key)).isEmpty();
	}

	@Test
	void neverExpiringEntryStaysUntilEvictedForSpace() {
		CacheKey key = key("/forever", "GET");
		this.store.put(key, entry(key, "A", Headers.empty(), null));
		this.clock.advance(Duration.ofDays(365));
		assertThat(this.store.get(key)).hasSize(1);
	}

	@Test
	void heldBytesStayWithinTheBoundAndCountTheBodiesAsHeld() {
		InMemoryCacheStore small = new InMemoryCacheStore(1024 * 1024, RETAIN_STALE, this.clock);
		byte[] json = CacheEntryCodecTests.json(64 * 1024);
		for (int i = 0; i < 200; i++) {
			CacheKey key = key("/page/" + i, "GET");
			small.put(key, entry(key, json, Headers.empty(), null));
		}
		assertThat(small.size()).isLessThanOrEqualTo(1024 * 1024);
		// Kept as a hit serves them (not compressed): at most the 16 bodies of 64 KiB that 1 MiB holds.
		int found = 0;
		for (int i = 0; i < 200; i++) {
			found += small.get(key("/page/" + i, "GET")).size();
		}
		assertThat(found).isBetween(1, 16);
	}

	@Test
	void aHitIsTheStoredEntryAndTheCallersBufferCannotChangeIt() {
		CacheKey key = key("/mutable", "GET");
		byte[] body = "original".getBytes(java.nio.charset.StandardCharsets.UTF_8);
		CacheEntry entry = entry(key, body, Headers.empty(), Duration.ofMinutes(10));
		this.store.put(key, entry);
		body[0] = 'X';
		CacheEntry hit = this.store.get(key).get(0);
		assertThat(new String(hit.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("original");
		assertThat(this.store.get(key).get(0)).as("no decoding per hit: the same object").isSameAs(hit);
	}

}
