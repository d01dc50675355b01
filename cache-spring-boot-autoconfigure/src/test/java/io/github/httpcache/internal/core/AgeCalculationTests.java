package io.github.httpcache.internal.core;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;
import io.github.httpcache.core.ResponseData;

import static io.github.httpcache.internal.core.StoredResponses.NOW;
import static io.github.httpcache.internal.core.StoredResponses.date;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9111 §4.2.3: the age of a stored response, term by term, and the {@code Age} field it is served with. */
class AgeCalculationTests {

	private final Instant tenSecondsAgo = NOW.minusSeconds(10);

	private final Instant threeSecondsAgo = NOW.minusSeconds(3);

	@Test
	void apparentAgeIsResponseTimeMinusDate() {
		assertThat(Age.apparentAge(Headers.of("Date", date(this.tenSecondsAgo)), NOW)).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void apparentAgeIsNeverNegativeWhenDateIsAhead() {
		assertThat(Age.apparentAge(Headers.of("Date", date(NOW.plusSeconds(30))), NOW)).isZero();
	}

	@Test
	void missingDateCountsAsTheTimeTheResponseWasReceived() {
		assertThat(Age.apparentAge(Headers.empty(), NOW)).isZero();
		assertThat(Age.apparentAge(Headers.of("Date", "yesterday"), NOW)).isZero();
	}

	@Test
	void correctedInitialAgeAddsTheResponseDelayToTheAgeField() {
		Headers headers = Headers.of("Date", date(NOW), "Age", "10");
		assertThat(Age.correctedInitialAge(headers, this.threeSecondsAgo, NOW)).isEqualTo(Duration.ofSeconds(13));
	}

	@Test
	void correctedInitialAgeTakesTheApparentAgeWhenItIsLarger() {
		Headers headers = Headers.of("Date", date(NOW.minusSeconds(60)), "Age", "10");
		assertThat(Age.correctedInitialAge(headers, this.threeSecondsAgo, NOW)).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void invalidAgeFieldReadsAsZero() {
		assertThat(Age.ageValue(Headers.of("Age", "-5"))).isZero();
		assertThat(Age.ageValue(Headers.of("Age", "ten"))).isZero();
	}

	@Test
	void currentAgeAddsTheResidentTime() {
		CachePolicy policy = StoredResponses.honouringHeaders();
		CacheEntry entry = StoredResponses.store(policy, CacheRequest.get("http://example.com/"),
				Headers.of("Date", date(this.tenSecondsAgo), "Age", "5"), "A", this.tenSecondsAgo);
		assertThat(Age.currentAge(entry, NOW)).isEqualTo(Duration.ofSeconds(15));
	}

	@Test
	void servedEntryCarriesItsCurrentAge() {
		CachePolicy policy = StoredResponses.honouringHeaders();
		CacheEntry entry = StoredResponses.store(policy, CacheRequest.get("http://example.com/"),
				Headers.of("Date", date(this.tenSecondsAgo), "Age", "5", "Cache-Control", "max-age=60"), "A",
				this.tenSecondsAgo);
		ResponseData served = policy.serve(entry, NOW, "http-cache; hit", false);
		assertThat(served.headers().all("Age")).containsExactly("15");
	}

	@Test
	void notModifiedWithoutDateDoesNotMakeTheFreshenedResponseLookOld() {
		CachePolicy policy = StoredResponses.honouringHeaders();
		CacheEntry entry = StoredResponses.store(policy, CacheRequest.get("http://example.com/"),
				Headers.of("Cache-Control", "max-age=10", "ETag", "\"v1\""), "A", this.tenSecondsAgo.minusSeconds(50));
		CacheEntry freshened = policy.freshen(CacheRequest.get("http://example.com/"), entry,
				Headers.of("ETag", "\"v1\""), NOW, NOW).entry();
		assertThat(Age.currentAge(freshened, NOW)).isZero();
		assertThat(freshened.expires()).isEqualTo(NOW.plusSeconds(10));
	}

	@Test
	void responseStoredWithoutDateIsGivenTheTimeItWasReceived() {
		CachePolicy policy = StoredResponses.honouringHeaders();
		CacheEntry entry = StoredResponses.store(policy, CacheRequest.get("http://example.com/"),
				Headers.of("Cache-Control", "max-age=60"), "A", this.tenSecondsAgo);
		assertThat(entry.headers().first("Date")).isEqualTo(date(this.tenSecondsAgo));
		assertThat(Age.currentAge(entry, NOW)).isEqualTo(Duration.ofSeconds(10));
	}

}
