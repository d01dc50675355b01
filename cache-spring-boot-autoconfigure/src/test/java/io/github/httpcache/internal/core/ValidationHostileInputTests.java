package io.github.httpcache.internal.core;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;

import static io.github.httpcache.internal.core.StoredResponses.NOW;
import static io.github.httpcache.internal.core.StoredResponses.date;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The part 2 decisions on arbitrary header values: validator selection, the caller's conditionals,
 * HEAD matching and invalidation targets never throw. Seeded; the seed is printed for replay.
 */
class ValidationHostileInputTests {

	private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());

	private static final String ALPHABET = "aZ09 \t,;=\"\\/:W*?#[]%<>{}|^`\u00e9\u4e2d\r\n-._~+!$&'()";

	@Test
	void randomValidatorsAndLocationsNeverBreakADecision() {
		System.out.println("ValidationHostileInputTests seed=" + SEED + " (replay with -Dfuzz.seed=" + SEED + ")");
		Random random = new Random(SEED);
		CachePolicy policy = StoredResponses.honouringHeaders();
		CacheEntry stored = StoredResponses.store(policy, CacheRequest.get("http://example.com/a"),
				Headers.of("Date", date(NOW), "Cache-Control", "max-age=60", "ETag", "\"v1\"", "Last-Modified",
						date(NOW.minusSeconds(60))),
				"A", NOW);
		for (int i = 0; i < 2_000; i++) {
			Headers response = Headers.of("ETag", value(random), "Last-Modified", value(random), "Date", value(random),
					"Content-Length", value(random), "Location", value(random), "Content-Location", value(random));
			CacheRequest request = CacheRequest.get("http://example.com/a")
				.withHeaders(Headers.of("If-None-Match", value(random), "If-Modified-Since", value(random)));
			String context = "seed=" + SEED + " round=" + i;
			String unknownMethod = "X-" + i;
			assertThatNoException().as(context).isThrownBy(() -> {
				ValidatorSelection.whyUnusable(List.of(stored), response);
				ValidatorSelection.toUpdate(List.of(stored), stored, response);
				HeadUpdate.matches(stored, response);
				policy.answer(request, stored, NOW, "http-cache; hit");
				for (String method : List.of("POST", "DELETE", unknownMethod)) {
					Invalidation.targets(request.withMethod(method), 201, response);
				}
			});
		}
	}

	private static String value(Random random) {
		StringBuilder value = new StringBuilder();
		int length = random.nextInt(40);
		for (int i = 0; i < length; i++) {
			value.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return value.toString();
	}

}
