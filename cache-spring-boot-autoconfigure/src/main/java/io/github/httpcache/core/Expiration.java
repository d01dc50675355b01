package io.github.httpcache.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * How long a stored response stays fresh, as requests-cache expresses it: {@code never}, a duration
 * ({@code 0} meaning "revalidate on every use"), or {@code do-not-cache} (neither read nor write).
 *
 * @param kind which of the three forms
 * @param duration the lifetime for {@link Kind#AFTER}, {@code null} otherwise
 */
public record Expiration(Kind kind, @Nullable Duration duration) {

	/** The accepted forms, for error messages. */
	public static final String ACCEPTED_FORMS = "'never' (or '-1'), 'do-not-cache', '0', or a duration in Spring Boot's "
			+ "format: a number with a unit of ns, us, ms, s, m, h or d ('100us', '1500ms', '30s', '10m', '2d') or "
			+ "ISO-8601 ('PT1H', 'PT0.0001S')";

	public static final Expiration NEVER = new Expiration(Kind.NEVER, null);

	public static final Expiration DO_NOT_CACHE = new Expiration(Kind.DO_NOT_CACHE, null);

	public static final Expiration IMMEDIATELY = new Expiration(Kind.AFTER, Duration.ZERO);

	/** Spring Boot's simple duration form ({@code DurationStyle.SIMPLE}), with the unit required. */
	private static final Pattern SIMPLE = Pattern.compile("\\+?(\\d+)\\s*(ns|us|ms|s|m|h|d)");

	public Expiration {
		if ((kind == Kind.AFTER) != (duration != null)) {
			throw new IllegalArgumentException("'duration' must be given exactly for Kind.AFTER");
		}
		if (duration != null && duration.isNegative()) {
			throw new IllegalArgumentException("'duration' must not be negative");
		}
	}

	public static Expiration after(Duration duration) {
		return duration.isZero() ? IMMEDIATELY : new Expiration(Kind.AFTER, duration);
	}

	/**
	 * Reads the text form used in properties. Durations take every form Spring Boot's own duration
	 * properties take ({@code 100us}, {@code 1500ms}, {@code PT0.0001S}), except a bare number: Boot
	 * reads one as milliseconds, requests-cache as seconds, so it is refused rather than guessed.
	 * @throws IllegalArgumentException naming the accepted forms when the text is none of them
	 */
	public static Expiration parse(String text) {
		String value = text.trim().toLowerCase(Locale.ROOT);
		switch (value) {
			case "never", "-1":
				return NEVER;
			case "do-not-cache", "do_not_cache":
				return DO_NOT_CACHE;
			case "0":
				return IMMEDIATELY;
			default:
				break;
		}
		Matcher simple = SIMPLE.matcher(value);
		if (simple.matches()) {
			try {
				long amount = Long.parseLong(simple.group(1));
				return after(switch (simple.group(2)) {
					case "ns" -> Duration.ofNanos(amount);
					case "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1000L));
					case "ms" -> Duration.ofMillis(amount);
					case "s" -> Duration.ofSeconds(amount);
					case "m" -> Duration.ofMinutes(amount);
					case "h" -> Duration.ofHours(amount);
					default -> Duration.ofDays(amount);
				});
			}
			catch (ArithmeticException | NumberFormatException ex) {
				// too large for a Duration: fall through to the error below
			}
		}
		if (value.startsWith("p") || value.startsWith("+p")) {
			try {
				Duration duration = Duration.parse(value.toUpperCase(Locale.ROOT));
				if (!duration.isNegative()) {
					return after(duration);
				}
			}
			catch (DateTimeParseException ex) {
				// fall through to the error below
			}
		}
		throw new IllegalArgumentException("'" + text + "' is not an expiration; use " + ACCEPTED_FORMS
				+ " (a bare number other than 0 or -1 is ambiguous and not accepted)");
	}

	public boolean isNever() {
		return this.kind == Kind.NEVER;
	}

	public boolean isDoNotCache() {
		return this.kind == Kind.DO_NOT_CACHE;
	}

	/** Whether a response under this expiration is stale at once and must be revalidated on every use. */
	public boolean isImmediate() {
		return this.kind == Kind.AFTER && this.duration.isZero();
	}

	@Override
	public String toString() {
		return switch (this.kind) {
			case NEVER -> "never";
			case DO_NOT_CACHE -> "do-not-cache";
			case AFTER -> this.duration.isZero() ? "0" : this.duration.toString();
		};
	}

	/** The three forms of an expiration. */
	public enum Kind {

		/** Fresh forever. */
		NEVER,

		/** Fresh for a duration. */
		AFTER,

		/** Not read from nor written to the cache. */
		DO_NOT_CACHE

	}

}
