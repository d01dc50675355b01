package io.github.httpcache.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The text forms of an expiration: {@code never}/{@code -1}, {@code 0}, durations, {@code do-not-cache}.
 */
class ExpirationTests {

	@Test
	void neverAndMinusOneNeverExpire() {
		assertThat(Expiration.parse("never")).isEqualTo(Expiration.NEVER);
		assertThat(Expiration.parse(" NEVER ")).isEqualTo(Expiration.NEVER);
		assertThat(Expiration.parse("-1")).isEqualTo(Expiration.NEVER);
	}

	@Test
	void zeroExpiresImmediately() {
		assertThat(Expiration.parse("0").isImmediate()).isTrue();
		assertThat(Expiration.parse("0s").isImmediate()).isTrue();
		assertThat(Expiration.parse("PT0S").isImmediate()).isTrue();
	}

	@Test
	void doNotCacheIsItsOwnForm() {
		assertThat(Expiration.parse("do-not-cache").isDoNotCache()).isTrue();
		assertThat(Expiration.parse("DO_NOT_CACHE").isDoNotCache()).isTrue();
	}

	@Test
	void durationsTakeASimpleOrAnIsoForm() {
		assertThat(Expiration.parse("500ms").duration()).isEqualTo(Duration.ofMillis(500));
		assertThat(Expiration.parse("30s").duration()).isEqualTo(Duration.ofSeconds(30));
		assertThat(Expiration.parse("10m").duration()).isEqualTo(Duration.ofMinutes(10));
		assertThat(Expiration.parse("1h").duration()).isEqualTo(Duration.ofHours(1));
		assertThat(Expiration.parse("2d").duration()).isEqualTo(Duration.ofDays(2));
		assertThat(Expiration.parse("PT1H").duration()).isEqualTo(Duration.ofHours(1));
		assertThat(Expiration.parse("pt1m30s").duration()).isEqualTo(Duration.ofSeconds(90));
	}

	@Test
	void everySpringBootDurationFormIsAnExpiration() {
		// The seed page opens with expire_after=0.0001 (100 microseconds): expire at once, then revalidate.
		assertThat(Expiration.parse("100us").duration()).isEqualTo(Duration.ofNanos(100_000));
		assertThat(Expiration.parse("250ns").duration()).isEqualTo(Duration.ofNanos(250));
		assertThat(Expiration.parse("1500ms").duration()).isEqualTo(Duration.ofMillis(1500));
		assertThat(Expiration.parse("PT0.0001S").duration()).isEqualTo(Duration.ofNanos(100_000));
		assertThat(Expiration.parse("+5s").duration()).isEqualTo(Duration.ofSeconds(5));
		assertThat(Expiration.parse("10 s").duration()).isEqualTo(Duration.ofSeconds(10));
		assertThat(Expiration.parse("100US").duration()).isEqualTo(Duration.ofNanos(100_000));
		assertThat(Expiration.parse("100us").isImmediate()).isFalse();
		assertThat(Expiration.parse("0us").isImmediate()).isTrue();
	}

	@Test
	void bareNumberMessageNamesEveryUnit() {
		assertThatIllegalArgumentException().isThrownBy(() -> Expiration.parse("0.0001"))
			.withMessageContaining("ns, us, ms, s, m, h or d")
			.withMessageContaining("'PT0.0001S'");
	}

	@Test
	void bareNumbersOtherThanZeroAndMinusOneAreRejected() {
		// requests-cache reads an all-digit string as an already expired date; we refuse the ambiguity.
		assertThatIllegalArgumentException().isThrownBy(() -> Expiration.parse("3600")).withMessageContaining("bare number");
	}

	@Test
	void unknownWordsNegativeAndOverflowingDurationsAreRejectedNamingTheAcceptedForms() {
		for (String text : new String[] { "soon", "", "-5s", "PT-1S", "-2", "99999999999999999999s",
				"9999999999999999d", "P9999999999999999D" }) {
			assertThatIllegalArgumentException().as(text)
				.isThrownBy(() -> Expiration.parse(text))
				.withMessageContaining(Expiration.ACCEPTED_FORMS);
		}
	}

	@Test
	void textFormRoundTrips() {
		for (Expiration expiration : new Expiration[] { Expiration.NEVER, Expiration.DO_NOT_CACHE, Expiration.IMMEDIATELY,
				Expiration.after(Duration.ofMillis(1500)), Expiration.after(Duration.ofDays(3)) }) {
			assertThat(Expiration.parse(expiration.toString())).isEqualTo(expiration);
		}
	}

}
