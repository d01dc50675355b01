package io.github.httpcache.internal.core;

import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;

import static io.github.httpcache.internal.core.StoredResponses.NOW;
import static io.github.httpcache.internal.core.StoredResponses.date;
import static org.assertj.core.api.Assertions.assertThat;

/** What a shared cache ({@code shared=true}) may store: {@code private} (RFC 9111 §5.2.2.7) and {@code Authorization} (§3.5). */
class SharedCacheStorageTests {

	private final CachePolicy shared = StoredResponses.sharedHonouringHeaders();

	private final CachePolicy privateCache = StoredResponses.honouringHeaders();

	private final CacheRequest anonymous = CacheRequest.get("http://example.com/");

	private final CacheRequest authorized = this.anonymous.withHeaders(Headers.of("Authorization", "Bearer token"));

	@Test
	void privateResponseIsNotStoredInASharedCache() {
		assertThat(whyNot(this.shared, this.anonymous, "private, max-age=60")).contains("private");
		assertThat(whyNot(this.privateCache, this.anonymous, "private, max-age=60")).isNull();
	}

	@Test
	void privateWithFieldNamesIsNotStoredInASharedCacheEither() {
		assertThat(whyNot(this.shared, this.anonymous, "private=\"X-User\", max-age=60")).contains("private");
	}

	@Test
	void authorizedResponseIsNotStoredInASharedCacheWithoutPermission() {
		assertThat(whyNot(this.shared, this.authorized, "max-age=60")).contains("§3.5");
		assertThat(whyNot(this.privateCache, this.authorized, "max-age=60")).isNull();
	}

	@Test
	void authorizedResponseIsStoredInASharedCacheWithPublicMustRevalidateOrSMaxAge() {
		assertThat(whyNot(this.shared, this.authorized, "public, max-age=60")).isNull();
		assertThat(whyNot(this.shared, this.authorized, "max-age=60, must-revalidate")).isNull();
		assertThat(whyNot(this.shared, this.authorized, "s-maxage=60")).isNull();
	}

	private static String whyNot(CachePolicy policy, CacheRequest request, String cacheControl) {
		return policy.whyNotStorable(request, 200, Headers.of("Date", date(NOW), "Cache-Control", cacheControl), NOW, NOW);
	}

}
