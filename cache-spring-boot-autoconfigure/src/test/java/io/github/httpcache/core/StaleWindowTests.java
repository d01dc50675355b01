package io.github.httpcache.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.httpcache.internal.core.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The text forms of {@code stale-if-error} and {@code stale-while-revalidate} (RFC 5861 windows).
 */
class StaleWindowTests {

	@Test
	void trueIsAnyStalenessAndFalseIsOff() {
		assertThat(StaleWindow.parse("true")).isEqualTo(StaleWindow.UNLIMITED);
		assertThat(StaleWindow.parse(" TRUE ").duration()).isSameAs(CacheSettings.UNLIMITED);
		assertThat(StaleWindow.parse("false").isOff()).isTrue();
	}

	@Test
	void aDurationInAnySpringBootFormIsTheLongestStalenessAccepted() {
		assertThat(StaleWindow.parse("30s").duration()).isEqualTo(Duration.ofSeconds(30));
		assertThat(StaleWindow.parse("250us").duration()).isEqualTo(Duration.ofNanos(250_000));
		assertThat(StaleWindow.parse("PT0.5S").duration()).isEqualTo(Duration.ofMillis(500));
	}

	@Test
	void wordsThatAreNotADurationAndBareNumbersAreRefused() {
		for (String text : new String[] { "never", "do-not-cache", "30", "sometimes", "-5s" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> StaleWindow.parse(text))
				.withMessageContaining("'true', 'false' or a duration");
		}
	}

	@Test
	void printsAsWritten() {
		assertThat(StaleWindow.OFF).hasToString("false");
		assertThat(StaleWindow.UNLIMITED).hasToString("true");
		assertThat(StaleWindow.parse("1m")).hasToString("PT1M");
	}

}
