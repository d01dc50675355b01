package io.github.httpcache.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.httpcache.internal.core.Age;
import io.github.httpcache.internal.core.CacheKeys;
import io.github.httpcache.internal.core.CachePolicy;
import io.github.httpcache.internal.core.CacheSettings;
import io.github.httpcache.internal.core.HttpDates;
import io.github.httpcache.internal.core.VaryMatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Hostile and random input to every parser and decision of the core: nothing throws, nothing runs
 * away, and directive matching is by parsed token, never by substring. Seeds are printed so a
 * failure can be replayed.
 */
class HostileInputTests {

	private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());

	private static final int ROUNDS = 5_000;

	private final Instant now = Instant.parse("2026-11-25T12:00:00Z");

	@Test
	void randomHeaderValuesNeverBreakAnyParserOrDecision() {
		System.out.println("HostileInputTests seed=" + SEED + " (replay with -Dfuzz.seed=" + SEED + ")");
		Random random = new Random(SEED);
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withCacheControl(true));
		CachePolicy shared = new CachePolicy(CacheSettings.defaults().withCacheControl(true).withShared(true));
		for (int i = 0; i < ROUNDS; i++) {
			String value = randomValue(random);
			Headers response = Headers.of("Cache-Control", value, "Expires", randomValue(random), "Date",
					randomValue(random), "Age", randomValue(random), "Vary", randomValue(random), "ETag",
					randomValue(random), "Last-Modified", randomValue(random));
			Headers requestHeaders = Headers.of("Cache-Control", randomValue(random), "Accept", randomValue(random),
					"If-None-Match", randomValue(random));
			CacheRequest request = CacheRequest.get("http://example.com/a?b=" + i).withHeaders(requestHeaders);
			String context = "seed=" + SEED + " round=" + i + " value=" + value;
			assertThatNoException().as(context).isThrownBy(() -> {
				CacheControl.parse(value);
				HttpDates.parse(value);
				Age.ageValue(response);
				VaryMatcher.varyNames(response);
				for (CachePolicy each : List.of(policy, shared)) {
					CacheKey key = each.keys().keyFor(request);
					ResponseData data = new ResponseData(200, response, "{}".getBytes(StandardCharsets.UTF_8));
					CachePolicy.Storing storing = each.toStore(request, key, data, this.now, this.now);
					if (storing.entry() != null) {
						each.decide(request, List.of(storing.entry()), this.now.plusSeconds(random.nextInt(100_000)));
						each.freshen(request, storing.entry(), response, this.now, this.now.plusSeconds(1));
						each.serve(storing.entry(), this.now.plusSeconds(5), "http-cache; hit", false);
					}
				}
			});
		}
	}

	@Test
	void tenThousandDirectivesAreReadBoundedAndFast() {
		StringBuilder value = new StringBuilder();
		for (int i = 0; i < 10_000; i++) {
			value.append("x-ext-").append(i).append("=\"a,b\", ");
		}
		value.append("no-store");
		CacheControl parsed = CacheControl.parse(value.toString());
		assertThat(parsed.directives()).hasSizeLessThanOrEqualTo(CacheControl.MAX_DIRECTIVES);
		// Past the bound the rest is ignored; what was read is typed, never scanned as text.
		assertThat(parsed.noStore()).isFalse();
	}

	@Test
	void enormousHeaderIsParsedWithoutBlowingUp() {
		String huge = "max-age=" + "9".repeat(1_000_000);
		CacheControl parsed = CacheControl.parse(huge);
		assertThat(parsed.maxAge()).isEqualTo(Duration.ofSeconds(CacheControl.DELTA_SECONDS_CAP));
		assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT" + " ".repeat(100_000))).isNull();
	}

	@Test
	void deepAndUnterminatedQuotingIsContained() {
		String deep = "private=\"" + "\\\"".repeat(50_000) + "no-store";
		CacheControl parsed = CacheControl.parse(deep);
		assertThat(parsed.isPrivate()).isTrue();
		assertThat(parsed.noStore()).as("no-store inside an unterminated quoted string does not count").isFalse();
	}

	@Test
	void directiveInsideQuotedFieldNamesDoesNotCountButCaseDoes() {
		assertThat(CacheControl.parse("private=\"no-store, max-age\"").noStore()).isFalse();
		assertThat(CacheControl.parse("Private").isPrivate()).isTrue();
		assertThat(CacheControl.parse("NO-STORE").noStore()).isTrue();
		assertThat(CacheControl.parse("x-no-store").noStore()).isFalse();
		assertThat(CacheControl.parse("no-storex").noStore()).isFalse();
	}

	@Test
	void nonAsciiInHeadersAndUrlsIsHarmless() {
		CacheControl parsed = CacheControl.parse("max-age=６０, ünïcödé=\"✓\", no-cache");
		assertThat(parsed.maxAge()).isEqualTo(Duration.ZERO);
		assertThat(parsed.noCache()).isTrue();
		CacheKeys keys = new CacheKeys(CacheSettings.defaults());
		CacheKey key = keys.keyFor(CacheRequest.get("http://example.com/%E2%9C%93?q=%E2%9C%93"));
		assertThat(key.requestKey()).hasSize(32);
	}

	@Test
	void randomJsonAndFormBodiesAlwaysYieldAKey() {
		Random random = new Random(SEED);
		CacheSettings settings = CacheSettings.defaults()
			.withMatching(java.util.Set.of(200), java.util.Set.of("GET", "POST"), java.util.Set.of("token"), List.of());
		CacheKeys keys = new CacheKeys(settings);
		for (int i = 0; i < 2_000; i++) {
			byte[] body = randomValue(random).getBytes(StandardCharsets.UTF_8);
			String type = (i % 2 == 0) ? "application/json" : "application/x-www-form-urlencoded";
			CacheRequest request = new CacheRequest("POST", java.net.URI.create("http://example.com/q"),
					Headers.of("Content-Type", type), body, RequestOptions.NONE);
			assertThat(keys.keyFor(request).requestKey()).hasSize(32);
		}
		StringBuilder nested = new StringBuilder();
		nested.append("[".repeat(10_000)).append("]".repeat(10_000));
		CacheRequest deep = new CacheRequest("POST", java.net.URI.create("http://example.com/q"),
				Headers.of("Content-Type", "application/json"), nested.toString().getBytes(StandardCharsets.UTF_8),
				RequestOptions.NONE);
		assertThat(keys.keyFor(deep).requestKey()).hasSize(32);
	}

	private static String randomValue(Random random) {
		String[] pieces = { "max-age", "=", "\"", "\\", ",", " ", "no-store", "no-cache", "private", "public", "s-maxage",
				"must-revalidate", "immutable", "-1", "0", "99999999999999999999", "Sun, 06 Nov 1994 08:49:37 GMT",
				"W/\"x\"", "*", "\u0000", "é", "🙂", ";", "=\"", "max-stale", "min-fresh", "{", "}", "[", "]", ":",
				"&", "%", "\t", "\r\n" };
		int length = random.nextInt(12);
		List<String> parts = new ArrayList<>();
		for (int i = 0; i < length; i++) {
			if (random.nextInt(5) == 0) {
				parts.add(Character.toString((char) random.nextInt(0x3000)));
			}
			else {
				parts.add(pieces[random.nextInt(pieces.length)]);
			}
		}
		return String.join("", parts);
	}

}
