package io.github.httpcache.internal.core;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;
import io.github.httpcache.core.ResponseData;

import static io.github.httpcache.internal.core.StoredResponses.NOW;
import static io.github.httpcache.internal.core.StoredResponses.date;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9111 §4.3.2: the caller's own {@code If-None-Match} / {@code If-Modified-Since}. */
class ReceivedValidationTests {

	private final CachePolicy policy = StoredResponses.honouringHeaders();

	private final CacheEntry fresh = StoredResponses.store(this.policy, CacheRequest.get("http://example.com/"),
			Headers.of("Date", date(NOW), "Cache-Control", "max-age=60", "ETag", "\"v1\"", "Last-Modified",
					date(NOW.minusSeconds(3600)), "Content-Type", "text/plain"),
			"A", NOW);

	@Test
	void matchingIfNoneMatchIsAnsweredWith304FromAFreshEntry() {
		ResponseData answer = answer("If-None-Match", "\"v0\", \"v1\"");
		assertThat(answer.status()).isEqualTo(304);
		assertThat(answer.body()).isEmpty();
		assertThat(answer.headers().first("ETag")).isEqualTo("\"v1\"");
		assertThat(answer.headers().contains("Content-Length")).isFalse();
	}

	@Test
	void ifNoneMatchComparesWeakly() {
		assertThat(answer("If-None-Match", "W/\"v1\"").status()).isEqualTo(304);
	}

	@Test
	void ifNoneMatchStarMatchesAnyStoredResponse() {
		assertThat(answer("If-None-Match", "*").status()).isEqualTo(304);
	}

	@Test
	void differentTagIsAnsweredWithTheFullResponse() {
		ResponseData answer = answer("If-None-Match", "\"v0\"");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(new String(answer.body())).isEqualTo("A");
	}

	@Test
	void ifModifiedSinceAfterLastModifiedIsAnsweredWith304() {
		assertThat(answer("If-Modified-Since", date(NOW.minusSeconds(60))).status()).isEqualTo(304);
	}

	@Test
	void ifModifiedSinceBeforeLastModifiedIsAnsweredWithTheFullResponse() {
		assertThat(answer("If-Modified-Since", date(NOW.minusSeconds(7200))).status()).isEqualTo(200);
	}

	@Test
	void ifNoneMatchTakesPrecedenceOverIfModifiedSince() {
		CacheRequest request = CacheRequest.get("http://example.com/")
			.withHeaders(Headers.of("If-None-Match", "\"v0\"", "If-Modified-Since", date(NOW)));
		assertThat(this.policy.answer(request, this.fresh, NOW, "http-cache; hit").status()).isEqualTo(200);
	}

	@Test
	void unreadableIfModifiedSinceIsIgnored() {
		assertThat(answer("If-Modified-Since", "last tuesday").status()).isEqualTo(200);
	}

	@Test
	void callerConditionsOnAStaleEntryArePassedThroughUnchanged() {
		CacheRequest request = CacheRequest.get("http://example.com/").withHeaders(Headers.of("If-None-Match", "\"v0\""));
		CacheDecision decision = this.policy.decide(request, List.of(this.fresh), NOW.plusSeconds(120));
		assertThat(decision.action()).isEqualTo(CacheAction.FETCH);
		assertThat(decision.requestHeaders()).isEqualTo(request.headers());
	}

	@Test
	void notModifiedResponsesAreNeverStored() {
		CacheRequest request = CacheRequest.get("http://example.com/");
		CachePolicy allowing304 = new CachePolicy(CacheSettings.defaults()
			.withMatching(java.util.Set.of(200, 304), java.util.Set.of("GET", "HEAD"), java.util.Set.of(), List.of()));
		assertThat(allowing304.whyNotStorable(request, 304, Headers.of("ETag", "\"v1\""), NOW, NOW)).isNotNull();
	}

	private ResponseData answer(String name, String value) {
		CacheRequest request = CacheRequest.get("http://example.com/").withHeaders(Headers.of(name, value));
		return this.policy.answer(request, this.fresh, NOW, "http-cache; hit");
	}

}
