package io.github.httpcache.internal.core;

import io.github.httpcache.core.Expiration;

/**
 * One {@code urls-expire-after} rule: requests whose URL the matcher accepts expire as given.
 *
 * @param pattern the rule as configured, for logs and the actuator endpoint
 * @param matcher decides whether a URL falls under the rule
 * @param expiration the expiration for matching URLs
 */
public record UrlExpiration(String pattern, UrlMatcher matcher, Expiration expiration) {

	@Override
	public String toString() {
		return this.pattern + "=" + this.expiration;
	}

}
