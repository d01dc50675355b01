package io.github.httpcache.internal.core;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;

import static io.github.httpcache.internal.core.StoredResponses.NOW;
import static io.github.httpcache.internal.core.StoredResponses.date;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9111 §4.1: choosing among several stored variants of one URL by the fields their {@code Vary} names. */
class VariantSelectionTests {

	private final CachePolicy policy = StoredResponses.honouringHeaders();

	private final CacheEntry english = variant("en", "English", NOW.minusSeconds(20));

	private final CacheEntry french = variant("fr", "French", NOW.minusSeconds(10));

	@Test
	void selectsTheVariantWhoseRequestValuesMatch() {
		assertThat(this.policy.select(request("fr"), List.of(this.english, this.french))).isEqualTo(this.french);
		assertThat(this.policy.select(request("en"), List.of(this.english, this.french))).isEqualTo(this.english);
	}

	@Test
	void variantsHaveDistinctVariantKeys() {
		assertThat(this.english.variantKey()).isNotEqualTo(this.french.variantKey());
	}

	@Test
	void mostRecentMatchingVariantWins() {
		CacheEntry newer = variant("en", "English again", NOW.minusSeconds(5));
		assertThat(this.policy.select(request("en"), List.of(this.english, newer, this.french))).isEqualTo(newer);
	}

	@Test
	void valuesAreComparedAfterNormalisation() {
		CacheRequest spaced = CacheRequest.get("http://example.com/").withHeaders(
				Headers.builder().add("Accept-Language", "en ,  fr").build());
		CacheEntry stored = StoredResponses.store(this.policy, spaced, varyingResponse(), "A", NOW);
		CacheRequest twoLines = CacheRequest.get("http://example.com/").withHeaders(
				Headers.builder().add("Accept-Language", "en").add("Accept-Language", "fr").build());
		assertThat(VaryMatcher.matches(stored, twoLines.headers())).isTrue();
	}

	@Test
	void anAbsentFieldMatchesOnlyAnAbsentField() {
		CacheEntry none = StoredResponses.store(this.policy, CacheRequest.get("http://example.com/"), varyingResponse(),
				"none", NOW);
		assertThat(VaryMatcher.matches(none, Headers.empty())).isTrue();
		assertThat(VaryMatcher.matches(none, request("en").headers())).isFalse();
		assertThat(VaryMatcher.matches(this.english, Headers.empty())).isFalse();
	}

	@Test
	void noMatchingVariantIsAVaryMiss() {
		CacheDecision decision = this.policy.decide(request("de"), List.of(this.english, this.french), NOW);
		assertThat(decision.action()).isEqualTo(CacheAction.FETCH);
		assertThat(decision.fwd()).isEqualTo("vary-miss");
	}

	@Test
	void varyStarIsNeverStoredNorMatched() {
		Headers star = Headers.of("Date", date(NOW), "Cache-Control", "max-age=60", "Vary", "*");
		assertThat(this.policy.whyNotStorable(request("en"), 200, star, NOW, NOW)).contains("Vary: *");
		CacheEntry forced = new CacheEntry("k", "http://example.com/", "GET", 200, star, new byte[0], Headers.empty(),
				NOW, NOW, null, NOW);
		assertThat(VaryMatcher.matches(forced, Headers.empty())).isFalse();
	}

	private CacheEntry variant(String language, String body, java.time.Instant receivedAt) {
		return StoredResponses.store(this.policy, request(language), varyingResponse(), body, receivedAt);
	}

	private static Headers varyingResponse() {
		return Headers.of("Date", date(NOW), "Cache-Control", "max-age=60", "Vary", "Accept-Language");
	}

	private static CacheRequest request(String language) {
		return CacheRequest.get("http://example.com/").withHeaders(Headers.of("Accept-Language", language));
	}

}
