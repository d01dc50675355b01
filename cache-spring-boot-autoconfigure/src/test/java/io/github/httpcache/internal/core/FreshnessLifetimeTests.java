package io.github.httpcache.internal.core;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Expiration;
import io.github.httpcache.core.Headers;

import static io.github.httpcache.internal.core.StoredResponses.NOW;
import static io.github.httpcache.internal.core.StoredResponses.date;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9111 §4.2.1: the freshness lifetime of a response, with {@code cache-control=true}. */
class FreshnessLifetimeTests {

	private final CacheRequest request = CacheRequest.get("http://example.com/");

	private final CachePolicy policy = StoredResponses.honouringHeaders();

	@Test
	void maxAgeTakesPrecedenceOverExpires() {
		CacheEntry entry = store(this.policy, Headers.of("Date", date(NOW), "Cache-Control", "max-age=60", "Expires",
				date(NOW.plusSeconds(3600))));
		assertThat(entry.expires()).isEqualTo(NOW.plusSeconds(60));
	}

	@Test
	void expiresMinusDateIsTheLifetime() {
		// The lifetime is relative to the origin's clock, not ours: Date is 100 s behind the receipt.
		Instant originNow = NOW.minusSeconds(100);
		CacheEntry entry = store(this.policy, Headers.of("Date", date(originNow), "Expires", date(originNow.plusSeconds(300))));
		assertThat(entry.expires()).isEqualTo(NOW.plusSeconds(300).minusSeconds(100));
	}

	@Test
	void ageFieldShortensTheRemainingFreshness() {
		CacheEntry entry = store(this.policy, Headers.of("Date", date(NOW), "Age", "50", "Cache-Control", "max-age=60"));
		assertThat(entry.expires()).isEqualTo(NOW.plusSeconds(10));
	}

	@Test
	void invalidExpiresIsAlreadyStale() {
		CacheEntry entry = store(this.policy, Headers.of("Date", date(NOW), "Expires", "0", "ETag", "\"v1\""));
		assertThat(entry.isFresh(NOW)).isFalse();
	}

	@Test
	void pastExpiresIsStale() {
		CacheEntry entry = store(this.policy,
				Headers.of("Date", date(NOW), "Expires", date(NOW.minusSeconds(60)), "ETag", "\"v1\""));
		assertThat(entry.isFresh(NOW)).isFalse();
	}

	@Test
	void staleOnArrivalWithoutValidatorIsNotStored() {
		Headers headers = Headers.of("Date", date(NOW), "Expires", "not a date");
		assertThat(this.policy.whyNotStorable(this.request, 200, headers, NOW, NOW)).contains("stale on arrival");
	}

	@Test
	void sMaxAgeOverridesMaxAgeInASharedCache() {
		Headers headers = Headers.of("Date", date(NOW), "Cache-Control", "max-age=10, s-maxage=100");
		assertThat(store(StoredResponses.sharedHonouringHeaders(), headers).expires()).isEqualTo(NOW.plusSeconds(100));
		assertThat(store(this.policy, headers).expires()).isEqualTo(NOW.plusSeconds(10));
	}

	@Test
	void noHeuristicFreshnessFromLastModified() {
		// A heuristic cache would keep this fresh for 10% of a year; we fall back to the configured expiration.
		CachePolicy revalidateAlways = new CachePolicy(
				CacheSettings.defaults().withCacheControl(true).withExpireAfter(Expiration.IMMEDIATELY));
		CacheEntry entry = store(revalidateAlways,
				Headers.of("Date", date(NOW), "Last-Modified", date(NOW.minusSeconds(365L * 24 * 3600))));
		assertThat(entry.isFresh(NOW)).isFalse();
	}

	private CacheEntry store(CachePolicy policy, Headers headers) {
		return StoredResponses.store(policy, this.request, headers, "A", NOW);
	}

}
