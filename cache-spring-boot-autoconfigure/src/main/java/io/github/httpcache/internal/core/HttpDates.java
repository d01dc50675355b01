package io.github.httpcache.internal.core;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * HTTP dates (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms that a
 * recipient must still accept. Anything else reads as {@code null}, never an exception.
 */
public final class HttpDates {

	/** IMF-fixdate: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
	private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	/** RFC 850: {@code Sunday, 06-Nov-94 08:49:37 GMT}; two-digit years within 50 years (§5.6.7). */
	private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder().parseCaseInsensitive()
		.appendPattern("EEEE, dd-MMM-")
		.appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
		.appendPattern(" HH:mm:ss 'GMT'")
		.toFormatter(Locale.US)
		.withResolverStyle(ResolverStyle.SMART);

	/** asctime: {@code Sun Nov  6 08:49:37 1994}. */
	private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
		.appendPattern("EEE MMM ")
		.padNext(2)
		.appendValue(ChronoField.DAY_OF_MONTH)
		.appendPattern(" HH:mm:ss yyyy")
		.toFormatter(Locale.US)
		.withResolverStyle(ResolverStyle.SMART);

	private static final DateTimeFormatter IMF_LENIENT = new DateTimeFormatterBuilder().parseCaseInsensitive()
		.appendPattern("EEE, d MMM yyyy HH:mm:ss 'GMT'")
		.toFormatter(Locale.US)
		.withResolverStyle(ResolverStyle.SMART);

	/**
	 * Recently parsed dates: every hit computes the age of its entry from the same stored
	 * {@code Date}, and {@link DateTimeFormatter} parsing was the largest CPU item of a hit in the
	 * benchmarks' profile. Bounded: cleared when full.
	 */
	private static final java.util.concurrent.ConcurrentHashMap<String, Instant> RECENT = new java.util.concurrent.ConcurrentHashMap<>();

	private static final int RECENT_LIMIT = 4096;

	private HttpDates() {
	}

	/** The instant an HTTP date names, or {@code null} when the text is not one. */
	public static @Nullable Instant parse(@Nullable String text) {
		if (text == null || text.length() > 64) {
			return null;
		}
		Instant recent = RECENT.get(text);
		if (recent != null) {
			return recent;
		}
		Instant parsed = parseUncached(text);
		if (parsed != null) {
			if (RECENT.size() >= RECENT_LIMIT) {
				RECENT.clear();
			}
			RECENT.put(text, parsed);
		}
		return parsed;
	}

	private static @Nullable Instant parseUncached(String text) {
		String value = text.trim();
		for (DateTimeFormatter format : new DateTimeFormatter[] { IMF_LENIENT, RFC_850, ASCTIME }) {
			try {
				return LocalDateTime.parse(value, format).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException | ArithmeticException ex) {
				// try the next form
			}
		}
		return null;
	}

	/** Formats an instant as an IMF-fixdate. */
	public static String format(Instant instant) {
		try {
			return IMF_FIXDATE.format(instant);
		}
		catch (DateTimeException ex) {
			return IMF_FIXDATE.format(Instant.EPOCH);
		}
	}

}
