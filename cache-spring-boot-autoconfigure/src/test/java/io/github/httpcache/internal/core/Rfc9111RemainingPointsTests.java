package io.github.httpcache.internal.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;
import io.github.httpcache.core.ResponseData;

import static io.github.httpcache.internal.core.StoredResponses.NOW;
import static io.github.httpcache.internal.core.StoredResponses.date;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC points of the second round: {@code Connection}-listed fields (RFC 9111 §3.1), {@code Age} sent
 * as a list (RFC 9110 §5.5, RFC 9111 §5.1), reuse of authorized responses in a shared cache (§3.5)
 * and normalised content-negotiation fields under {@code Vary} (§4.1).
 */
class Rfc9111RemainingPointsTests {

	private static final String URL = "http://example.com/page";

	// RFC 9111 §3.1, RFC 9110 §7.6.1

	@Test
	void fieldsNamedByConnectionAreNeitherStoredNorServed() {
		CachePolicy policy = StoredResponses.honouringHeaders();
		Headers response = Headers.builder()
			.add("Date", date(NOW))
			.add("Cache-Control", "max-age=60")
			.add("Connection", "X-Secret, keep-alive")
			.add("Connection", "x-other")
			.add("X-Secret", "per-connection")
			.add("X-Other", "per-connection")
			.add("X-Kept", "kept")
			.build();
		CacheEntry entry = StoredResponses.store(policy, CacheRequest.get(URL), response, "A", NOW);
		assertThat(entry.headers().contains("X-Secret")).isFalse();
		assertThat(entry.headers().contains("X-Other")).isFalse();
		assertThat(entry.headers().contains("Connection")).isFalse();
		assertThat(entry.headers().first("X-Kept")).isEqualTo("kept");
		ResponseData served = policy.serve(entry, NOW, "http-cache; hit", false);
		assertThat(served.headers().contains("X-Secret")).isFalse();
	}

	@Test
	void aConnectionOptionInA304DoesNotEnterTheStoredResponse() {
		CachePolicy policy = StoredResponses.honouringHeaders();
		CacheEntry entry = StoredResponses.store(policy, CacheRequest.get(URL),
				Headers.of("Date", date(NOW), "Cache-Control", "max-age=0", "ETag", "\"v1\""), "A", NOW);
		Headers notModified = Headers.of("Date", date(NOW.plusSeconds(5)), "ETag", "\"v1\"", "Connection", "X-Hop",
				"X-Hop", "1", "X-New", "2");
		CacheEntry freshened = policy
			.freshen(CacheRequest.get(URL), entry, notModified, NOW.plusSeconds(5), NOW.plusSeconds(5))
			.entry();
		assertThat(freshened.headers().contains("X-Hop")).isFalse();
		assertThat(freshened.headers().first("X-New")).isEqualTo("2");
	}

	// RFC 9110 §5.5, RFC 9111 §5.1

	@Test
	void anAgeListIsReadAsItsFirstMember() {
		assertThat(Age.ageValue(Headers.of("Age", "7200, 0"))).isEqualTo(Duration.ofSeconds(7200));
		assertThat(Age.ageValue(Headers.builder().add("Age", "7200").add("Age", "0").build()))
			.isEqualTo(Duration.ofSeconds(7200));
		assertThat(Age.ageValue(Headers.of("Age", " 30 ,"))).isEqualTo(Duration.ofSeconds(30));
		assertThat(Age.ageValue(Headers.of("Age", "x, 30"))).isEqualTo(Duration.ZERO);
	}

	@Test
	void aResponseArrivingWithAnAgeListOlderThanItsLifetimeIsStale() {
		CachePolicy policy = StoredResponses.honouringHeaders();
		CacheEntry entry = StoredResponses.store(policy, CacheRequest.get(URL),
				Headers.of("Date", date(NOW), "Cache-Control", "max-age=3600", "Age", "7200, 0", "ETag", "\"v\""), "A",
				NOW);
		assertThat(entry.isFresh(NOW)).isFalse();
	}

	// RFC 9111 §3.5

	@Test
	void aSharedCacheReusesAnAuthorizedResponseThatAllowsItForOtherUsers() {
		CachePolicy shared = StoredResponses.sharedHonouringHeaders();
		CacheRequest alice = CacheRequest.get(URL).withHeaders(Headers.of("Authorization", "Bearer alice"));
		CacheRequest bob = CacheRequest.get(URL).withHeaders(Headers.of("Authorization", "Bearer bob"));
		for (String cacheControl : new String[] { "public, max-age=60", "s-maxage=60", "max-age=60, must-revalidate" }) {
			CacheEntry stored = StoredResponses.store(shared, alice,
					Headers.of("Date", date(NOW), "Cache-Control", cacheControl), "A", NOW);
			assertThat(shared.keys().keyFor(bob)).isEqualTo(shared.keys().keyFor(alice));
			assertThat(shared.decide(bob, List.of(stored), NOW.plusSeconds(1)).action()).as(cacheControl)
				.isEqualTo(CacheAction.SERVE);
		}
	}

	@Test
	void aPrivateCacheNeverSharesAnAuthorizedResponseBetweenUsers() {
		CachePolicy privateCache = StoredResponses.honouringHeaders();
		CacheRequest alice = CacheRequest.get(URL).withHeaders(Headers.of("Authorization", "Bearer alice"));
		CacheRequest bob = CacheRequest.get(URL).withHeaders(Headers.of("Authorization", "Bearer bob"));
		assertThat(privateCache.keys().keyFor(bob).requestKey()).isNotEqualTo(privateCache.keys().keyFor(alice).requestKey());
	}

	@Test
	void aSharedCacheStillSeparatesOtherCredentials() {
		CachePolicy shared = StoredResponses.sharedHonouringHeaders();
		CacheRequest alice = CacheRequest.get(URL).withHeaders(Headers.of("Cookie", "session=alice"));
		CacheRequest bob = CacheRequest.get(URL).withHeaders(Headers.of("Cookie", "session=bob"));
		assertThat(shared.keys().keyFor(bob).requestKey()).isNotEqualTo(shared.keys().keyFor(alice).requestKey());
	}

	// RFC 9111 §4.1

	@Test
	void acceptLanguageDifferingOnlyInCaseOrOrderSelectsTheSameVariant() {
		CachePolicy policy = StoredResponses.honouringHeaders();
		CacheRequest english = CacheRequest.get(URL).withHeaders(Headers.of("Accept-Language", "en, fr;q=0.8"));
		CacheEntry entry = StoredResponses.store(policy, english,
				Headers.of("Date", date(NOW), "Cache-Control", "max-age=60", "Vary", "Accept-Language"), "A", NOW);
		for (String value : new String[] { "EN,FR;q=0.8", "fr;q=0.8, en", "en,  fr; q=0.8" }) {
			CacheRequest variant = CacheRequest.get(URL).withHeaders(Headers.of("Accept-Language", value));
			assertThat(VaryMatcher.matches(entry, variant.headers())).as(value).isTrue();
		}
		CacheRequest split = CacheRequest.get(URL)
			.withHeaders(Headers.builder().add("Accept-Language", "FR;Q=0.8").add("Accept-Language", "EN").build());
		assertThat(VaryMatcher.matches(entry, split.headers())).isTrue();
		CacheRequest german = CacheRequest.get(URL).withHeaders(Headers.of("Accept-Language", "de"));
		assertThat(VaryMatcher.matches(entry, german.headers())).isFalse();
	}

	@Test
	void otherFieldsKeepTheirCaseAndOrder() {
		Headers response = Headers.of("Vary", "X-Flags");
		Headers selected = VaryMatcher.selectedValues(response, Headers.of("X-Flags", "B, a"));
		assertThat(selected.first("x-flags")).isEqualTo("B,a");
		assertThat(VaryMatcher.selectedValues(Headers.of("Vary", "Accept-Encoding"),
				Headers.of("Accept-Encoding", "GZIP, br")).first("accept-encoding")).isEqualTo("br,gzip");
	}

	@SuppressWarnings("unused")
	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
