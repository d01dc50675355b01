package io.github.httpcache.autoconfigure;

import java.time.Duration;

import io.github.httpcache.core.Expiration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Durations on the actuator endpoint read as a user writes them in {@code application.yml}. */
class HumanDurationsTests {

	@Test
	void durationsAreShownInTheLargestExactUnit() {
		assertThat(HumanDurations.format(Duration.ofMinutes(1))).isEqualTo("1m");
		assertThat(HumanDurations.format(Duration.ofSeconds(90))).isEqualTo("90s");
		assertThat(HumanDurations.format(Duration.ofMillis(250))).isEqualTo("250ms");
		assertThat(HumanDurations.format(Duration.ofHours(48))).isEqualTo("2d");
		assertThat(HumanDurations.format(Duration.ofNanos(100_000))).isEqualTo("100us");
		assertThat(HumanDurations.format(Duration.ZERO)).isEqualTo("0s");
	}

	@Test
	void expirationsAreShownInTheWordsExpireAfterAccepts() {
		assertThat(HumanDurations.format(Expiration.parse("never"))).isEqualTo("never");
		assertThat(HumanDurations.format(Expiration.parse("do-not-cache"))).isEqualTo("do-not-cache");
		assertThat(HumanDurations.format(Expiration.parse("0"))).isEqualTo("0");
		assertThat(HumanDurations.format(Expiration.parse("PT1M"))).isEqualTo("1m");
		for (String written : new String[] { "30s", "10m", "1h", "2d", "500ms" }) {
			assertThat(HumanDurations.format(Expiration.parse(written))).isEqualTo(written);
		}
	}

}
