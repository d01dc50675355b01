package io.github.httpcache.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.github.httpcache.internal.core.HttpDates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Properties of the parsers over seeded random input (plain JUnit: jqwik does not run on JUnit
 * Platform 6): any input yields a value or the documented "invalid", never another exception; format
 * then parse round-trips. Each test prints its seed; set {@code -Dhttpcache.seed=N} to replay one.
 */
class ParserPropertyTests {

	private static final int TRIES = 5_000;

	/** Characters that stress the grammars: separators, quotes, escapes, digits, units, controls, non-ASCII. */
	private static final String ALPHABET = "aAbcdeghimnoprstvxyzPTSMHD0123456789 \t,;=\"\\-_.:/+*()[]{}\r\n\u00e9\u2028\u0000";

	private static final String[] FRAGMENTS = { "max-age", "no-store", "no-cache", "private", "s-maxage", "max-stale",
			"immutable", "=", ",", "\"", "\\", "99999999999999999999", "2147483648", "-1", "GMT", "Sun, ", "Nov",
			" 1994 ", "08:49:37", "-Nov-94", "never", "do-not-cache", "PT", "ms", "d", "h", "0" };

	private Random random;

	private long seed;

	@BeforeEach
	void seed(TestInfo info) {
		this.seed = Long.getLong("httpcache.seed", System.nanoTime());
		this.random = new Random(this.seed);
		System.out.println(info.getDisplayName() + " seed=" + this.seed);
	}

	@Test
	void cacheControlParseNeverThrows() {
		for (int i = 0; i < TRIES; i++) {
			String text = randomText();
			assertThatCode(() -> {
				CacheControl cacheControl = CacheControl.parse(text);
				cacheControl.maxAge();
				cacheControl.maxStale();
				cacheControl.fieldNames("no-cache");
				CacheControl.parse(cacheControl.toString());
			}).as("seed %d, input %s", this.seed, text).doesNotThrowAnyException();
		}
	}

	@Test
	void cacheControlFormatThenParseRoundTrips() {
		for (int i = 0; i < TRIES; i++) {
			List<CacheControl.Directive> directives = new ArrayList<>();
			int count = this.random.nextInt(6);
			for (int d = 0; d < count; d++) {
				String name = randomToken().toLowerCase(java.util.Locale.ROOT);
				String value = this.random.nextBoolean() ? null : randomValue();
				directives.add(new CacheControl.Directive(name, value));
			}
			CacheControl cacheControl = new CacheControl(directives);
			assertThat(CacheControl.parse(cacheControl.toString()).directives())
				.as("seed %d, formatted %s", this.seed, cacheControl)
				.isEqualTo(directives);
		}
	}

	@Test
	void deltaSecondsAreNeverNegativeNorAboveTheCap() {
		for (int i = 0; i < TRIES; i++) {
			String text = "max-age=" + randomText();
			Duration maxAge = CacheControl.parse(text).maxAge();
			if (maxAge != null) {
				assertThat(maxAge).as("seed %d, input %s", this.seed, text)
					.isBetween(Duration.ZERO, Duration.ofSeconds(CacheControl.DELTA_SECONDS_CAP));
			}
		}
	}

	@Test
	void httpDatesParseNeverThrows() {
		for (int i = 0; i < TRIES; i++) {
			String text = (i % 2 == 0) ? randomText() : mutate(HttpDates.format(randomInstant()));
			assertThatCode(() -> HttpDates.parse(text)).as("seed %d, input %s", this.seed, text)
				.doesNotThrowAnyException();
		}
	}

	@Test
	void httpDatesFormatThenParseRoundTrips() {
		for (int i = 0; i < TRIES; i++) {
			Instant instant = randomInstant();
			assertThat(HttpDates.parse(HttpDates.format(instant))).as("seed %d, instant %s", this.seed, instant)
				.isEqualTo(instant);
		}
	}

	@Test
	void expirationParseThrowsOnlyTheDocumentedIllegalArgumentException() {
		for (int i = 0; i < TRIES; i++) {
			String text = randomText();
			Throwable thrown = catchThrowable(() -> Expiration.parse(text));
			if (thrown != null) {
				assertThat(thrown).as("seed %d, input %s", this.seed, text)
					.isExactlyInstanceOf(IllegalArgumentException.class)
					.hasMessageContaining(Expiration.ACCEPTED_FORMS);
			}
		}
	}

	@Test
	void expirationFormatThenParseRoundTrips() {
		for (int i = 0; i < TRIES; i++) {
			Expiration expiration = switch (this.random.nextInt(4)) {
				case 0 -> Expiration.NEVER;
				case 1 -> Expiration.DO_NOT_CACHE;
				case 2 -> Expiration.IMMEDIATELY;
				default -> Expiration.after(Duration.ofMillis(this.random.nextLong(0, Long.MAX_VALUE / 1_000_000)));
			};
			assertThat(Expiration.parse(expiration.toString())).as("seed %d, %s", this.seed, expiration)
				.isEqualTo(expiration);
		}
	}

	private String randomText() {
		StringBuilder text = new StringBuilder();
		int parts = this.random.nextInt(8);
		for (int p = 0; p < parts; p++) {
			if (this.random.nextBoolean()) {
				text.append(FRAGMENTS[this.random.nextInt(FRAGMENTS.length)]);
			}
			else {
				int length = this.random.nextInt(6);
				for (int c = 0; c < length; c++) {
					text.append(ALPHABET.charAt(this.random.nextInt(ALPHABET.length())));
				}
			}
		}
		return text.toString();
	}

	private String randomToken() {
		String tokenChars = "abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~";
		StringBuilder token = new StringBuilder();
		int length = 1 + this.random.nextInt(10);
		for (int c = 0; c < length; c++) {
			token.append(tokenChars.charAt(this.random.nextInt(tokenChars.length())));
		}
		return token.toString();
	}

	private String randomValue() {
		return this.random.nextBoolean() ? randomToken() : randomText();
	}

	private Instant randomInstant() {
		long min = Instant.parse("1970-01-01T00:00:00Z").getEpochSecond();
		long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
		return Instant.ofEpochSecond(this.random.nextLong(min, max + 1));
	}

	private String mutate(String text) {
		StringBuilder mutated = new StringBuilder(text);
		int edits = 1 + this.random.nextInt(3);
		for (int e = 0; e < edits && !mutated.isEmpty(); e++) {
			int at = this.random.nextInt(mutated.length());
			switch (this.random.nextInt(3)) {
				case 0 -> mutated.deleteCharAt(at);
				case 1 -> mutated.insert(at, ALPHABET.charAt(this.random.nextInt(ALPHABET.length())));
				default -> mutated.setCharAt(at, ALPHABET.charAt(this.random.nextInt(ALPHABET.length())));
			}
		}
		return mutated.toString();
	}

}
