package io.github.httpcache.core;

import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.internal.core.CacheSettings;

/**
 * How stale a stored response may be and still answer (RFC 5861 {@code stale-if-error},
 * {@code stale-while-revalidate}), as a setting: off, unlimited, or up to a duration.
 *
 * @param duration the longest staleness accepted, {@link CacheSettings#UNLIMITED} for any, {@code null} when off
 */
public record StaleWindow(@Nullable Duration duration) {

	/** The accepted forms, for error messages. */
	public static final String ACCEPTED_FORMS = "'true', 'false' or a duration in Spring Boot's format, such as "
			+ "'500ms', '30s', '10m' or 'PT1H'";

	/** Never serve stale. */
	public static final StaleWindow OFF = new StaleWindow(null);

	/** Serve stale however stale. */
	public static final StaleWindow UNLIMITED = new StaleWindow(CacheSettings.UNLIMITED);

	public StaleWindow {
		if (duration != null && duration.isNegative()) {
			throw new IllegalArgumentException("'duration' must not be negative");
		}
	}

	/**
	 * Reads the text form used in properties: {@code true} (any staleness), {@code false} (off) or a
	 * duration in every form {@link Expiration#parse} takes.
	 * @throws IllegalArgumentException naming the accepted forms when the text is none of them
	 */
	public static StaleWindow parse(String text) {
		String value = text.trim().toLowerCase(Locale.ROOT);
		if (value.equals("false")) {
			return OFF;
		}
		if (value.equals("true")) {
			return UNLIMITED;
		}
		try {
			Expiration expiration = Expiration.parse(value);
			if (expiration.duration() != null) {
				return new StaleWindow(expiration.duration());
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		throw new IllegalArgumentException("'" + text + "' is not a stale window; use " + ACCEPTED_FORMS);
	}

	/** Whether stale responses are never served. */
	public boolean isOff() {
		return this.duration == null;
	}

	@Override
	public String toString() {
		if (this.duration == null) {
			return "false";
		}
		return (this.duration == CacheSettings.UNLIMITED) ? "true" : this.duration.toString();
	}

}
