package io.github.httpcache.internal.core;

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
 * RFC 9111 §4.3.1 and §4.3.4: which tags a revalidation sends when several variants are stored,
 * which stored responses a 304 selects, and what it updates.
 */
class ValidatorSelectionTests {

	private final CachePolicy policy = StoredResponses.honouringHeaders();

	private final Instant tenSecondsAgo = NOW.minusSeconds(10);

	private final CacheEntry english = variant("en", "\"en-1\"", NOW.minusSeconds(30));

	private final CacheEntry french = variant("fr", "\"fr-1\"", NOW.minusSeconds(20));

	@Test
	void revalidationSendsTheTagsOfEveryStoredVariantChosenFirst() {
		CacheDecision decision = this.policy.decide(request("fr"), List.of(this.english, this.french), NOW);
		assertThat(decision.action()).isEqualTo(CacheAction.REVALIDATE);
		assertThat(decision.requestHeaders().all("If-None-Match")).containsExactly("\"fr-1\", \"en-1\"");
	}

	@Test
	void strongValidatorSelectsEveryResponseWithThatTag() {
		assertThat(ValidatorSelection.selectForUpdate(List.of(this.english, this.french), Headers.of("ETag", "\"en-1\"")))
			.containsExactly(this.english);
	}

	@Test
	void strongValidatorDoesNotSelectAWeakStoredTag() {
		CacheEntry weak = variant("de", "W/\"de-1\"", NOW);
		assertThat(ValidatorSelection.selectForUpdate(List.of(weak), Headers.of("ETag", "\"de-1\""))).isEmpty();
	}

	@Test
	void weakValidatorSelectsTheMostRecentMatchingResponse() {
		CacheEntry older = variant("en", "\"same\"", NOW.minusSeconds(50));
		CacheEntry newer = variant("fr", "\"same\"", NOW.minusSeconds(5));
		assertThat(ValidatorSelection.selectForUpdate(List.of(older, newer), Headers.of("ETag", "W/\"same\"")))
			.containsExactly(newer);
	}

	@Test
	void lastModifiedSelectsAsAWeakValidator() {
		CacheEntry modified = StoredResponses.store(this.policy, request("en"),
				Headers.of("Date", date(NOW), "Last-Modified", date(this.tenSecondsAgo), "Vary", "Accept-Language"), "A",
				NOW);
		assertThat(ValidatorSelection.selectForUpdate(List.of(this.french, modified),
				Headers.of("Last-Modified", date(this.tenSecondsAgo)))).containsExactly(modified);
	}

	@Test
	void noValidatorSelectsTheOnlyStoredResponse() {
		assertThat(ValidatorSelection.selectForUpdate(List.of(this.english), Headers.empty())).containsExactly(this.english);
	}

	@Test
	void noValidatorWithSeveralStoredResponsesSelectsNothing() {
		assertThat(ValidatorSelection.selectForUpdate(List.of(this.english, this.french), Headers.empty())).isEmpty();
	}

	@Test
	void unknownTagSelectsNothing() {
		assertThat(ValidatorSelection.selectForUpdate(List.of(this.english, this.french), Headers.of("ETag", "\"xx\"")))
			.isEmpty();
	}

	@Test
	void notModifiedWithAnEarlierDateIsOlderThanTheEntry() {
		assertThat(ValidatorSelection.olderThan(Headers.of("Date", date(NOW.minusSeconds(3600))), this.english)).isTrue();
		assertThat(ValidatorSelection.olderThan(Headers.of("Date", date(NOW)), this.english)).isFalse();
		assertThat(ValidatorSelection.olderThan(Headers.empty(), this.english)).isFalse();
	}

	@Test
	void notModifiedAnswersWithTheRevalidatedResponseWhenItSelectsIt() {
		CacheEntry sameTag = variant("de", "\"en-1\"", NOW.minusSeconds(5));
		List<CacheEntry> stored = List.of(sameTag, this.english, this.french);
		assertThat(ValidatorSelection.toUpdate(stored, this.english, Headers.of("ETag", "\"en-1\"")))
			.containsExactly(this.english, sameTag);
		assertThat(ValidatorSelection.toUpdate(stored, this.english, Headers.of("ETag", "\"fr-1\"")))
			.containsExactly(this.french);
		assertThat(ValidatorSelection.toUpdate(stored, this.english, Headers.of("ETag", "\"xx\"")))
			.containsExactly(this.english);
	}

	@Test
	void notModifiedThatNamesNothingOrIsOlderIsUnusable() {
		List<CacheEntry> stored = List.of(this.english, this.french);
		assertThat(ValidatorSelection.whyUnusable(stored, Headers.of("ETag", "\"xx\""))).contains("names no stored");
		assertThat(ValidatorSelection.whyUnusable(stored,
				Headers.of("ETag", "\"en-1\"", "Date", date(NOW.minusSeconds(3600))))).contains("older");
		assertThat(ValidatorSelection.whyUnusable(stored, Headers.of("ETag", "\"en-1\"", "Date", date(NOW)))).isNull();
	}

	@Test
	void notModifiedUpdatesStoredHeadersExceptExcludedOnes() {
		Headers notModified = Headers.of("Date", date(NOW), "Cache-Control", "max-age=120", "Content-Length", "0",
				"X-Version", "2", "Content-Encoding", "gzip");
		CachePolicy.Storing storing = this.policy.freshen(request("en"), this.english, notModified, NOW, NOW);
		Headers updated = storing.entry().headers();
		assertThat(updated.first("Cache-Control")).isEqualTo("max-age=120");
		assertThat(updated.first("X-Version")).isEqualTo("2");
		assertThat(updated.contains("Content-Encoding")).isFalse();
		assertThat(updated.contains("Content-Length")).isFalse();
		assertThat(storing.entry().expires()).isEqualTo(NOW.plusSeconds(120));
	}

	@Test
	void revalidationDropsItsValidatorsForAnUnconditionalRetry() {
		Headers conditional = ConditionalRequests.conditionalHeaders(Headers.of("Accept", "text/plain"), this.english);
		assertThat(ConditionalRequests.withoutConditions(conditional)).isEqualTo(Headers.of("Accept", "text/plain"));
	}

	private CacheEntry variant(String language, String etag, Instant receivedAt) {
		return StoredResponses.store(this.policy, request(language), Headers.of("Date", date(receivedAt),
				"Cache-Control", "max-age=5", "ETag", etag, "Vary", "Accept-Language"), language, receivedAt);
	}

	private static CacheRequest request(String language) {
		return CacheRequest.get("http://example.com/").withHeaders(Headers.of("Accept-Language", language));
	}

}
