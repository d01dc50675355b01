package io.github.httpcache.autoconfigure;

import java.time.Duration;

import io.github.httpcache.core.Expiration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Settings on the actuator endpoint read as a user writes them in {@code application.yml}. */
class AsWrittenTests {

	@Test
	void durationsAreShownInTheLargestExactUnit() {
		assertThat(AsWritten.duration(Duration.ofMinutes(1))).isEqualTo("1m");
		assertThat(AsWritten.duration(Duration.ofSeconds(90))).isEqualTo("90s");
		assertThat(AsWritten.duration(Duration.ofMillis(250))).isEqualTo("250ms");
		assertThat(AsWritten.duration(Duration.ofHours(48))).isEqualTo("2d");
		assertThat(AsWritten.duration(Duration.ofNanos(100_000))).isEqualTo("100us");
		assertThat(AsWritten.duration(Duration.ZERO)).isEqualTo("0s");
	}

	@Test
	void sizesAreShownAsDataSizeReadsThem() {
		assertThat(AsWritten.dataSize(10L * 1024 * 1024)).isEqualTo("10MB");
		assertThat(AsWritten.dataSize(512L * 1024)).isEqualTo("512KB");
		assertThat(AsWritten.dataSize(1500)).isEqualTo("1500B");
		assertThat(AsWritten.dataSize(0)).isEqualTo("0B");
		assertThat(AsWritten.dataSize(2L * 1024 * 1024 * 1024)).isEqualTo("2GB");
	}

	@Test
	void expirationsAreShownInTheWordsExpireAfterAccepts() {
		assertThat(AsWritten.expiration(Expiration.parse("never"))).isEqualTo("never");
		assertThat(AsWritten.expiration(Expiration.parse("do-not-cache"))).isEqualTo("do-not-cache");
		assertThat(AsWritten.expiration(Expiration.parse("0"))).isEqualTo("0");
		assertThat(AsWritten.expiration(Expiration.parse("PT1M"))).isEqualTo("1m");
		for (String written : new String[] { "30s", "10m", "1h", "2d", "500ms" }) {
			assertThat(AsWritten.expiration(Expiration.parse(written))).isEqualTo(written);
		}
	}

}
