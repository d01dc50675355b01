package io.github.httpcache.internal.core;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheControl;
import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.Headers;

/**
 * The age calculation of RFC 9111 §4.2.3, term by term.
 */
public final class Age {

	private Age() {
	}

	/** {@code apparent_age = max(0, response_time - date_value)}; a missing {@code Date} counts as the response time (RFC 9110 §6.6.1). */
	public static Duration apparentAge(Headers headers, Instant responseTime) {
		Instant date = HttpDates.parse(headers.first("Date"));
		if (date == null) {
			return Duration.ZERO;
		}
		Duration apparent = Duration.between(date, responseTime);
		return apparent.isNegative() ? Duration.ZERO : apparent;
	}

	/**
	 * {@code age_value}: the {@code Age} field in seconds, or zero when absent or invalid (RFC 9111
	 * §5.1). {@code Age} is a singleton field; received as a list ({@code Age: 7200, 0}, or several
	 * lines) its first member is used, as RFC 9110 §5.5 allows for a singleton sent as a list, so an
	 * old response is never taken for a new one.
	 */
	public static Duration ageValue(Headers headers) {
		@Nullable String age = headers.first("Age");
		if (age == null) {
			return Duration.ZERO;
		}
		int comma = age.indexOf(',');
		String text = ((comma >= 0) ? age.substring(0, comma) : age).trim();
		for (int i = 0; i < text.length(); i++) {
			if (!Character.isDigit(text.charAt(i))) {
				return Duration.ZERO;
			}
		}
		return text.isEmpty() ? Duration.ZERO : Duration.ofSeconds(CacheControl.parseDeltaSeconds(text));
	}

	/** {@code corrected_initial_age = max(apparent_age, age_value + response_delay)}. */
	public static Duration correctedInitialAge(Headers headers, Instant requestTime, Instant responseTime) {
		Duration responseDelay = Duration.between(requestTime, responseTime);
		if (responseDelay.isNegative()) {
			responseDelay = Duration.ZERO;
		}
		Duration correctedAgeValue = ageValue(headers).plus(responseDelay);
		Duration apparent = apparentAge(headers, responseTime);
		return (apparent.compareTo(correctedAgeValue) > 0) ? apparent : correctedAgeValue;
	}

	/** {@code current_age = corrected_initial_age + resident_time}. */
	public static Duration currentAge(CacheEntry entry, Instant now) {
		Duration resident = Duration.between(entry.responseTime(), now);
		if (resident.isNegative()) {
			resident = Duration.ZERO;
		}
		return correctedInitialAge(entry.headers(), entry.requestTime(), entry.responseTime()).plus(resident);
	}

}
