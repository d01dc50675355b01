package io.github.httpcache.internal.core;

import io.github.httpcache.core.Expiration;

/**
 * One {@code status-expire-after} rule: responses with the status, or of the status class, expire as
 * given.
 *
 * @param pattern the rule's key as configured: a code ({@code 404}) or a class ({@code 4xx})
 * @param expiration the expiration of matching responses
 */
public record StatusExpiration(String pattern, Expiration expiration) {

	public StatusExpiration {
		if (StatusCodes.statusClass(pattern) == null) {
			StatusCodes.code(pattern);
		}
		pattern = pattern.trim().toLowerCase(java.util.Locale.ROOT);
	}

	/** Whether this rule names the status itself rather than its class. */
	public boolean isCode() {
		return StatusCodes.statusClass(this.pattern) == null;
	}

	/** Whether the rule applies to a response with this status. */
	public boolean matches(int status) {
		Integer statusClass = StatusCodes.statusClass(this.pattern);
		return (statusClass != null) ? statusClass == status / 100 : StatusCodes.code(this.pattern) == status;
	}

	@Override
	public String toString() {
		return this.pattern + "=" + this.expiration;
	}

}
