package io.github.httpcache.internal.core;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;

import static io.github.httpcache.internal.core.StoredResponses.NOW;
import static io.github.httpcache.internal.core.StoredResponses.date;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9111 §3: what may be stored, whatever the configured expiration says. */
class StorabilityRequirementsTests {

	private final CacheRequest request = CacheRequest.get("http://example.com/");

	private final CachePolicy allowingMany = new CachePolicy(CacheSettings.defaults()
		.withMatching(Set.of(200, 206, 299, 404), Set.of("GET", "HEAD"), Set.of(), List.of()));

	@Test
	void partialContentIsNeverStored() {
		assertThat(this.allowingMany.whyNotStorable(this.request, 206, Headers.of("Content-Range", "bytes 0-1/10"), NOW,
				NOW)).contains("partial");
	}

	@Test
	void noStoreWinsOverAnExpirationOfNever() {
		assertThat(this.allowingMany.whyNotStorable(this.request, 200, Headers.of("Cache-Control", "no-store"), NOW, NOW))
			.contains("no-store");
	}

	@Test
	void noStoreWinsOverResponseMaxAge() {
		CachePolicy policy = StoredResponses.honouringHeaders();
		assertThat(policy.whyNotStorable(this.request, 200,
				Headers.of("Date", date(NOW), "Cache-Control", "max-age=600, public, no-store"), NOW, NOW))
			.contains("no-store");
	}

	@Test
	void mustUnderstandWithAStatusCodeTheCacheDoesNotUnderstandIsNotStored() {
		assertThat(this.allowingMany.whyNotStorable(this.request, 299,
				Headers.of("Cache-Control", "must-understand, no-store"), NOW, NOW)).contains("must-understand");
	}

	@Test
	void mustUnderstandWithAnUnderstoodStatusCodeOverridesNoStore() {
		// RFC 9111 §5.2.2.3: a cache that understands the status code ignores the accompanying no-store.
		assertThat(this.allowingMany.whyNotStorable(this.request, 404,
				Headers.of("Cache-Control", "must-understand, no-store"), NOW, NOW)).isNull();
	}

	@Test
	void statusCodesOutsideAllowableCodesAreNotStored() {
		assertThat(new CachePolicy(CacheSettings.defaults()).whyNotStorable(this.request, 404, Headers.empty(), NOW, NOW))
			.contains("404");
	}

}
