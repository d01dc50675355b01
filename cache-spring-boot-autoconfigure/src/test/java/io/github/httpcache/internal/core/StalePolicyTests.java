package io.github.httpcache.internal.core;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;

import static org.assertj.core.api.Assertions.assertThat;

class StalePolicyTests {

	private final Instant stored = Instant.parse("2026-11-25T12:00:00Z");

	private final Instant expires = this.stored.plusSeconds(60);

	private final Instant tenSecondsStale = this.expires.plusSeconds(10);

	private final CacheRequest request = CacheRequest.get("http://example.com/a");

	private CacheEntry entry(String... headers) {
		return new CacheEntry("r", "http://example.com/a", "GET", 200, Headers.of(headers), new byte[0], Headers.empty(),
				this.stored, this.stored, this.expires, this.stored);
	}

	private StalePolicy policy(Duration staleIfError, Duration staleWhileRevalidate, boolean cacheControl) {
		return new StalePolicy(CacheSettings.defaults()
			.withStale(staleIfError, staleWhileRevalidate)
			.withCacheControl(cacheControl));
	}

	@Test
	void staleIfErrorSettingServesWithinItsWindowOnly() {
		StalePolicy policy = policy(Duration.ofSeconds(30), null, false);
		assertThat(policy.mayServeOnError(this.request, entry(), this.tenSecondsStale)).isTrue();
		assertThat(policy.mayServeOnError(this.request, entry(), this.expires.plusSeconds(31))).isFalse();
	}

	@Test
	void staleIfErrorTrueAcceptsAnyStaleness() {
		StalePolicy policy = policy(CacheSettings.UNLIMITED, null, false);
		assertThat(policy.mayServeOnError(this.request, entry(), this.expires.plus(Duration.ofDays(30)))).isTrue();
	}

	@Test
	void freshEntriesAreNotStaleAnswers() {
		StalePolicy policy = policy(CacheSettings.UNLIMITED, CacheSettings.UNLIMITED, false);
		assertThat(policy.mayServeOnError(this.request, entry(), this.stored.plusSeconds(1))).isFalse();
	}

	@Test
	void mustRevalidateEntriesAreNeverServedStale() {
		StalePolicy policy = policy(CacheSettings.UNLIMITED, CacheSettings.UNLIMITED, false);
		CacheEntry entry = entry("Cache-Control", "max-age=60, must-revalidate");
		assertThat(policy.mayServeOnError(this.request, entry, this.tenSecondsStale)).isFalse();
		assertThat(policy.mayServeWhileRevalidating(this.request, entry, this.tenSecondsStale)).isFalse();
	}

	@Test
	void responseDirectiveCountsOnlyWithCacheControl() {
		CacheEntry entry = entry("Cache-Control", "max-age=60, stale-while-revalidate=30");
		assertThat(policy(null, null, true).mayServeWhileRevalidating(this.request, entry, this.tenSecondsStale)).isTrue();
		assertThat(policy(null, null, false).mayServeWhileRevalidating(this.request, entry, this.tenSecondsStale))
			.isFalse();
	}

	@Test
	void requestDirectiveOpensTheWindow() {
		CacheRequest request = this.request.withHeaders(Headers.of("Cache-Control", "stale-if-error=20"));
		assertThat(policy(null, null, false).mayServeOnError(request, entry(), this.tenSecondsStale)).isTrue();
	}

	@Test
	void entriesThatNeverExpireAreNeverStale() {
		CacheEntry never = new CacheEntry("r", "u", "GET", 200, Headers.empty(), new byte[0], Headers.empty(), this.stored,
				this.stored, null, this.stored);
		assertThat(policy(CacheSettings.UNLIMITED, null, false).mayServeOnError(this.request, never, this.tenSecondsStale))
			.isFalse();
	}

}
