package io.github.httpcache.internal.core;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP dates (RFC 9110 §5.6.7) read with {@code java.time}; anything else is "invalid", never an exception.
 */
class HttpDatesTests {

	private static final Instant NOV_6_1994 = Instant.parse("1994-11-06T08:49:37Z");

	@Test
	void imfFixdateIsRead() {
		assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(NOV_6_1994);
	}

	@Test
	void obsoleteRfc850FormIsRead() {
		assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(NOV_6_1994);
	}

	@Test
	void obsoleteAsctimeFormIsRead() {
		assertThat(HttpDates.parse("Sun Nov  6 08:49:37 1994")).isEqualTo(NOV_6_1994);
	}

	@Test
	void surroundingWhitespaceAndCaseAreTolerated() {
		assertThat(HttpDates.parse("  sun, 06 nov 1994 08:49:37 GMT ")).isEqualTo(NOV_6_1994);
	}

	@Test
	void anythingElseIsInvalid() {
		for (String text : new String[] { null, "", "0", "-1", "now", "Sun, 06 Nov 1994", "Sun, 32 Nov 1994 08:49:37 GMT",
				"Sun, 06 Nov 1994 25:49:37 GMT", "1994-11-06T08:49:37Z", "Sun, 06 Nov 1994 08:49:37 PST",
				"Sun, 06 Nov 1994 08:49:37 GMT" + " ".repeat(100) + "x" }) {
			assertThat(HttpDates.parse(text)).as(String.valueOf(text)).isNull();
		}
	}

	@Test
	void formatWritesAnImfFixdate() {
		assertThat(HttpDates.format(NOV_6_1994)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
		assertThat(HttpDates.parse(HttpDates.format(NOV_6_1994))).isEqualTo(NOV_6_1994);
	}

}
