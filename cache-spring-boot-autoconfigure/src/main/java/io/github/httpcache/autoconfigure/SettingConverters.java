package io.github.httpcache.autoconfigure;

import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.Expiration;
import io.github.httpcache.core.StaleWindow;

import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;

/**
 * Converters that bind {@code http.cache.*} text to the core's typed values, registered with
 * {@code @ConfigurationPropertiesBinding} (see {@link PropertiesBindingConfiguration}). They read
 * strings, and numbers and booleans too, because YAML hands {@code expire-after: 0} or
 * {@code stale-if-error: true} over as an {@code Integer} or a {@code Boolean}.
 */
final class SettingConverters {

	/** A number without a unit: Boot reads one as milliseconds, requests-cache as seconds, so it is refused. */
	private static final Pattern BARE_NUMBER = Pattern.compile("\\s*\\+?(\\d+)(\\.\\d+)?\\s*");

	private SettingConverters() {
	}

	/** Text to {@link Expiration}: {@code never}, {@code -1}, {@code 0}, {@code do-not-cache} or a duration. */
	static final class ToExpiration implements GenericConverter {

		@Override
		public Set<ConvertiblePair> getConvertibleTypes() {
			return Set.of(new ConvertiblePair(String.class, Expiration.class),
					new ConvertiblePair(Number.class, Expiration.class));
		}

		@Override
		public @Nullable Object convert(@Nullable Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
			return (source != null) ? expiration(source.toString()) : null;
		}

	}

	/** Text to {@link StaleWindow}: {@code true}, {@code false} or a duration. */
	static final class ToStaleWindow implements GenericConverter {

		@Override
		public Set<ConvertiblePair> getConvertibleTypes() {
			return Set.of(new ConvertiblePair(String.class, StaleWindow.class),
					new ConvertiblePair(Boolean.class, StaleWindow.class),
					new ConvertiblePair(Number.class, StaleWindow.class));
		}

		@Override
		public @Nullable Object convert(@Nullable Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
			return (source != null) ? staleWindow(source.toString()) : null;
		}

	}

	static Expiration expiration(String text) {
		try {
			return Expiration.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidHttpCacheValueException(text, "'" + text + "' is not an expiration. "
					+ (isBareNumber(text) ? "A number without a unit is ambiguous (Spring Boot reads milliseconds, "
							+ "requests-cache seconds), so it is not accepted." : ""),
					didYouMean(text) + "Accepted forms: " + Expiration.ACCEPTED_FORMS + ".");
		}
	}

	static StaleWindow staleWindow(String text) {
		try {
			return StaleWindow.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidHttpCacheValueException(text, "'" + text + "' is not a stale window. "
					+ (isBareNumber(text) ? "A number without a unit is ambiguous, so it is not accepted." : ""),
					didYouMean(text) + "Accepted forms: " + StaleWindow.ACCEPTED_FORMS + ".");
		}
	}

	private static boolean isBareNumber(String text) {
		return BARE_NUMBER.matcher(text).matches();
	}

	/** The teaching line: a bare whole number was most likely meant in seconds, as requests-cache reads it. */
	private static String didYouMean(String text) {
		java.util.regex.Matcher number = BARE_NUMBER.matcher(text);
		if (number.matches() && number.group(2) == null) {
			return "Did you mean '" + number.group(1) + "s' (seconds) or '" + number.group(1) + "ms'? ";
		}
		if (number.matches()) {
			return "Write the duration with a unit, e.g. 'PT" + text.trim() + "S' for seconds. ";
		}
		return "";
	}

}
