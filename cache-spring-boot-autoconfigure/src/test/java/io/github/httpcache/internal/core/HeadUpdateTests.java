package io.github.httpcache.internal.core;

import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;

import static io.github.httpcache.internal.core.StoredResponses.NOW;
import static io.github.httpcache.internal.core.StoredResponses.date;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9111 §4.3.5: a {@code HEAD} response freshening or invalidating a stored {@code GET}. */
class HeadUpdateTests {

	private final CachePolicy policy = StoredResponses.honouringHeaders();

	private final CacheRequest head = CacheRequest.get("http://example.com/").withMethod("HEAD");

	private final CacheEntry stored = StoredResponses.store(this.policy, CacheRequest.get("http://example.com/"),
			Headers.of("Date", date(NOW), "Cache-Control", "max-age=10", "ETag", "\"v1\""), "body", NOW);

	@Test
	void matchingValidatorAndLengthMatch() {
		assertThat(HeadUpdate.matches(this.stored, Headers.of("ETag", "\"v1\"", "Content-Length", "4"))).isTrue();
	}

	@Test
	void differentValidatorDoesNotMatch() {
		assertThat(HeadUpdate.matches(this.stored, Headers.of("ETag", "\"v2\""))).isFalse();
		assertThat(HeadUpdate.matches(this.stored, Headers.of("ETag", "\"v1\"", "Last-Modified", date(NOW)))).isFalse();
	}

	@Test
	void differentLengthDoesNotMatch() {
		assertThat(HeadUpdate.matches(this.stored, Headers.of("ETag", "\"v1\"", "Content-Length", "5"))).isFalse();
	}

	@Test
	void nothingToCompareDoesNotMatch() {
		assertThat(HeadUpdate.matches(this.stored, Headers.of("Content-Length", "0"))).isFalse();
	}

	@Test
	void matchingHeadResponseFreshensTheStoredGet() {
		java.time.Instant later = NOW.plusSeconds(60);
		CachePolicy.Storing storing = this.policy.freshenFromHead(this.head, this.stored,
				Headers.of("Date", date(later), "ETag", "\"v1\"", "Cache-Control", "max-age=30"), later, later);
		assertThat(storing.write()).isTrue();
		assertThat(storing.entry().expires()).isEqualTo(later.plusSeconds(30));
		assertThat(storing.entry().body()).isEqualTo("body".getBytes());
	}

	@Test
	void mismatchingHeadResponseMarksTheStoredGetStale() {
		java.time.Instant soon = NOW.plusSeconds(5);
		CachePolicy.Storing storing = this.policy.freshenFromHead(this.head, this.stored,
				Headers.of("Date", date(soon), "ETag", "\"v2\""), soon, soon);
		assertThat(storing.write()).isTrue();
		assertThat(storing.entry().isFresh(soon)).isFalse();
		assertThat(storing.entry().headers().first("ETag")).isEqualTo("\"v1\"");
	}

}
