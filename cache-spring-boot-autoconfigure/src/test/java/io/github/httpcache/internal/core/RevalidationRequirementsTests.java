package io.github.httpcache.internal.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;

import static io.github.httpcache.internal.core.StoredResponses.NOW;
import static io.github.httpcache.internal.core.StoredResponses.date;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a stored response must be validated before use: {@code must-revalidate} (RFC 9111 §5.2.2.2),
 * {@code proxy-revalidate} (§5.2.2.8), response {@code no-cache} (§5.2.2.4) and the request's
 * {@code max-stale} (§5.2.1.2) and {@code min-fresh} (§5.2.1.3).
 */
class RevalidationRequirementsTests {

	private final CachePolicy policy = StoredResponses.honouringHeaders();

	private final Instant twentySecondsLater = NOW.plusSeconds(20);

	@Test
	void staleEntryWithMustRevalidateIsNotServedEvenWithMaxStale() {
		CacheEntry entry = store(this.policy, "max-age=10, must-revalidate");
		assertThat(decide(this.policy, entry, "max-stale", this.twentySecondsLater)).isEqualTo(CacheAction.REVALIDATE);
		assertThat(this.policy.forbidsStale(entry)).isTrue();
	}

	@Test
	void proxyRevalidateBindsOnlyASharedCache() {
		CachePolicy shared = StoredResponses.sharedHonouringHeaders();
		assertThat(decide(this.policy, store(this.policy, "max-age=10, proxy-revalidate"), "max-stale",
				this.twentySecondsLater)).isEqualTo(CacheAction.SERVE_STALE);
		assertThat(decide(shared, store(shared, "max-age=10, proxy-revalidate"), "max-stale", this.twentySecondsLater))
			.isEqualTo(CacheAction.REVALIDATE);
	}

	@Test
	void sMaxAgeImpliesProxyRevalidateInASharedCache() {
		CachePolicy shared = StoredResponses.sharedHonouringHeaders();
		assertThat(shared.forbidsStale(store(shared, "s-maxage=10"))).isTrue();
		assertThat(this.policy.forbidsStale(store(this.policy, "s-maxage=10"))).isFalse();
	}

	@Test
	void responseNoCacheRevalidatesOnEveryUse() {
		CacheEntry entry = store(this.policy, "max-age=600, no-cache");
		assertThat(decide(this.policy, entry, null, NOW)).isEqualTo(CacheAction.REVALIDATE);
		assertThat(decide(this.policy, entry, "max-stale", NOW.plusSeconds(1))).isEqualTo(CacheAction.REVALIDATE);
	}

	@Test
	void qualifiedNoCacheRevalidatesOnEveryUseToo() {
		assertThat(decide(this.policy, store(this.policy, "max-age=600, no-cache=\"Set-Cookie\""), null, NOW))
			.isEqualTo(CacheAction.REVALIDATE);
	}

	@Test
	void noCacheWithoutValidatorIsNotStored() {
		Headers headers = Headers.of("Date", date(NOW), "Cache-Control", "no-cache");
		assertThat(this.policy.whyNotStorable(CacheRequest.get("http://example.com/"), 200, headers, NOW, NOW))
			.contains("no-cache");
	}

	@Test
	void maxStaleWithoutValueAcceptsAnyStaleness() {
		CacheEntry entry = store(this.policy, "max-age=10");
		assertThat(decide(this.policy, entry, "max-stale", NOW.plus(Duration.ofDays(300))))
			.isEqualTo(CacheAction.SERVE_STALE);
	}

	@Test
	void maxStaleWithValueAcceptsStalenessUpToIt() {
		CacheEntry entry = store(this.policy, "max-age=10");
		assertThat(decide(this.policy, entry, "max-stale=15", this.twentySecondsLater)).isEqualTo(CacheAction.SERVE_STALE);
		assertThat(decide(this.policy, entry, "max-stale=5", this.twentySecondsLater)).isEqualTo(CacheAction.REVALIDATE);
	}

	@Test
	void minFreshRejectsAnEntryAboutToExpire() {
		CacheEntry entry = store(this.policy, "max-age=60");
		assertThat(decide(this.policy, entry, "min-fresh=30", NOW.plusSeconds(20))).isEqualTo(CacheAction.SERVE);
		assertThat(decide(this.policy, entry, "min-fresh=30", NOW.plusSeconds(40))).isEqualTo(CacheAction.REVALIDATE);
	}

	private static CacheEntry store(CachePolicy policy, String cacheControl) {
		return StoredResponses.store(policy, CacheRequest.get("http://example.com/"),
				Headers.of("Date", date(NOW), "Cache-Control", cacheControl, "ETag", "\"v1\""), "A", NOW);
	}

	private static CacheAction decide(CachePolicy policy, CacheEntry entry, String requestCacheControl, Instant now) {
		CacheRequest request = CacheRequest.get("http://example.com/");
		if (requestCacheControl != null) {
			request = request.withHeaders(Headers.of("Cache-Control", requestCacheControl));
		}
		return policy.decide(request, List.of(entry), now).action();
	}

}
