package io.github.httpcache.autoconfigure;

import java.time.Duration;

import io.github.httpcache.core.Expiration;

/**
 * Shows settings as a user writes them in {@code application.yml}: durations as {@code 1m},
 * {@code 90s}, {@code 250ms} rather than ISO-8601's {@code PT1M}, sizes as {@code 10MB}, each in the
 * largest unit that holds the value exactly, so that what the actuator endpoint shows can be pasted
 * back into the configuration.
 */
final class AsWritten {

	private static final long[] NANOS = { Duration.ofDays(1).toNanos(), Duration.ofHours(1).toNanos(),
			Duration.ofMinutes(1).toNanos(), Duration.ofSeconds(1).toNanos(), Duration.ofMillis(1).toNanos(), 1000L, 1L };

	private static final String[] SUFFIXES = { "d", "h", "m", "s", "ms", "us", "ns" };

	private static final String[] SIZE_UNITS = { "TB", "GB", "MB", "KB" };

	private AsWritten() {
	}

	/** {@code 1m}, {@code 90s}, {@code 250ms}; {@code 0s} for zero. */
	static String duration(Duration duration) {
		if (duration.isZero()) {
			return "0s";
		}
		long nanos = duration.toNanos();
		for (int i = 0; i < NANOS.length; i++) {
			if (nanos % NANOS[i] == 0) {
				return (nanos / NANOS[i]) + SUFFIXES[i];
			}
		}
		return nanos + "ns";
	}

	/** An expiration in the words {@code expire-after} accepts: {@code never}, {@code do-not-cache}, {@code 0}, {@code 10m}. */
	static String expiration(Expiration expiration) {
		Duration duration = expiration.duration();
		if (expiration.kind() != Expiration.Kind.AFTER || duration == null || duration.isZero()) {
			return expiration.toString();
		}
		return duration(duration);
	}

	/** {@code 10MB}, {@code 512KB}, {@code 1500B}: as Spring's {@code DataSize} reads them. */
	static String dataSize(long bytes) {
		for (int i = 0; i < SIZE_UNITS.length; i++) {
			long unit = 1L << (10 * (SIZE_UNITS.length - i));
			if (bytes != 0 && bytes % unit == 0) {
				return (bytes / unit) + SIZE_UNITS[i];
			}
		}
		return bytes + "B";
	}

}
