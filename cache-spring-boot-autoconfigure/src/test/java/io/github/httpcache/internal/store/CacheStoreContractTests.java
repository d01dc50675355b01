package io.github.httpcache.internal.store;

import io.github.httpcache.test.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.core.Headers;
import io.github.httpcache.store.CacheStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link CacheStore} contract, run against every store by a subclass that supplies it.
 */
abstract class CacheStoreContractTests {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	static final Duration RETAIN_STALE = Duration.ofHours(1);

	final MutableClock clock = new MutableClock(NOW);

	/** The store under test, empty, on {@link #clock} with {@link #RETAIN_STALE}. */
	abstract CacheStore store();

	/** Every entry the store holds for the URL (the actuator's listing). */
	abstract List<CacheEntry> entriesForUrl(String urlKey);

	@Test
	void entriesForUrlListsEveryEntryOfTheUrl() {
		CacheKey get = key("/listed", "GET");
		CacheKey head = key("/listed", "HEAD");
		CacheEntry english = entry(get, "en", Headers.of("accept-language", "en"), Duration.ofMinutes(10));
		CacheEntry french = entry(get, "fr", Headers.of("accept-language", "fr"), null);
		CacheEntry headEntry = entry(head, "", Headers.empty(), Duration.ofMinutes(10));
		store().put(get, english);
		store().put(get, french);
		store().put(head, headEntry);
		store().put(key("/other", "GET"), entry(key("/other", "GET"), "x", Headers.empty(), null));
		assertThat(entriesForUrl(get.urlKey())).containsExactlyInAnyOrder(english, french, headEntry);
	}

	@Test
	void missFindsNothing() {
		assertThat(store().get(key("/nothing", "GET"))).isEmpty();
	}

	@Test
	void storedEntryIsFoundWithEveryField() {
		CacheKey key = key("/a", "GET");
		CacheEntry entry = entry(key, "A", Headers.empty(), Duration.ofMinutes(10));
		store().put(key, entry);
		assertThat(store().get(key)).containsExactly(entry);
	}

	@Test
	void largeCompressibleBodyRoundTrips() {
		CacheKey key = key("/large", "GET");
		CacheEntry entry = entry(key, CacheEntryCodecTests.json(256 * 1024), Headers.empty(), null);
		store().put(key, entry);
		assertThat(store().get(key)).containsExactly(entry);
	}

	@Test
	void putReplacesTheSameVariantAndKeepsTheOthers() {
		CacheKey key = key("/vary", "GET");
		CacheEntry english = entry(key, "hello", Headers.of("accept-language", "en"), Duration.ofMinutes(10));
		CacheEntry french = entry(key, "bonjour", Headers.of("accept-language", "fr"), Duration.ofMinutes(10));
		CacheEntry newEnglish = entry(key, "hello again", Headers.of("accept-language", "en"), Duration.ofMinutes(10));
		store().put(key, english);
		store().put(key, french);
		store().put(key, newEnglish);
		assertThat(store().get(key)).containsExactlyInAnyOrder(newEnglish, french);
	}

	@Test
	void evictUrlRemovesEveryEntryOfTheUrlWhateverItsMethodOrVariant() {
		CacheKey get = key("/users", "GET");
		CacheKey head = key("/users", "HEAD");
		CacheKey other = key("/orders", "GET");
		store().put(get, entry(get, "en", Headers.of("accept-language", "en"), Duration.ofMinutes(10)));
		store().put(get, entry(get, "fr", Headers.of("accept-language", "fr"), null));
		store().put(head, entry(head, "", Headers.empty(), Duration.ofMinutes(10)));
		CacheEntry kept = entry(other, "orders", Headers.empty(), Duration.ofMinutes(10));
		store().put(other, kept);
		store().evictUrl(get.urlKey());
		assertThat(store().get(get)).isEmpty();
		assertThat(store().get(head)).isEmpty();
		assertThat(store().get(other)).containsExactly(kept);
	}

	@Test
	void entryCanBeStoredAgainAfterEviction() {
		CacheKey key = key("/again", "GET");
		store().put(key, entry(key, "one", Headers.empty(), null));
		store().evictUrl(key.urlKey());
		CacheEntry again = entry(key, "two", Headers.empty(), null);
		store().put(key, again);
		assertThat(store().get(key)).containsExactly(again);
	}

	@Test
	void clearRemovesEverything() {
		CacheKey a = key("/a", "GET");
		CacheKey b = key("/b", "GET");
		store().put(a, entry(a, "A", Headers.empty(), null));
		store().put(b, entry(b, "B", Headers.empty(), Duration.ofMinutes(1)));
		store().clear();
		assertThat(store().get(a)).isEmpty();
		assertThat(store().get(b)).isEmpty();
	}

	@Test
	void staleEntryIsStillFoundWithinTheRetentionWindow() {
		CacheKey key = key("/stale", "GET");
		CacheEntry entry = entry(key, "old", Headers.empty(), Duration.ofSeconds(30));
		store().put(key, entry);
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(store().get(key)).containsExactly(entry);
	}

	static CacheKey key(String path, String method) {
		String url = "https://example.com" + path;
		return new CacheKey("u" + Integer.toHexString(url.hashCode()), "r" + Integer.toHexString((method + url).hashCode()),
				url);
	}

	CacheEntry entry(CacheKey key, String body, Headers varyValues, Duration freshFor) {
		return entry(key, body.getBytes(StandardCharsets.UTF_8), varyValues, freshFor);
	}

	CacheEntry entry(CacheKey key, byte[] body, Headers varyValues, Duration freshFor) {
		Instant now = this.clock.instant();
		return new CacheEntry(key.requestKey(), key.url(), "GET", 200, Headers.of("Content-Type", "application/json"), body,
				varyValues, now, now, (freshFor != null) ? now.plus(freshFor) : null, now);
	}

}
