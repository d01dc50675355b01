package io.github.httpcache.internal.core;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.Headers;

/**
 * The caller's own conditional request against a stored response (RFC 9111 §4.3.2): with a fresh
 * entry the cache evaluates {@code If-None-Match} (or, without it, {@code If-Modified-Since}) itself
 * and may answer {@code 304}; otherwise the caller's conditions go to the origin unchanged.
 */
final class ReceivedValidation {

	private ReceivedValidation() {
	}

	/** Whether the request carries validators of its own. */
	public static boolean isConditional(Headers requestHeaders) {
		return requestHeaders.contains("If-None-Match") || requestHeaders.contains("If-Modified-Since");
	}

	/**
	 * Whether the stored response satisfies the caller's conditions, so that {@code 304} is the answer.
	 * {@code If-None-Match} takes precedence and is compared weakly (RFC 9110 §13.1.2, §13.2.2);
	 * {@code If-Modified-Since} is compared with the stored {@code Last-Modified}, else its {@code Date},
	 * else the time it was received (RFC 9111 §4.3.2); an unreadable date is ignored (RFC 9110 §13.1.3).
	 */
	public static boolean notModified(Headers requestHeaders, CacheEntry entry) {
		if (requestHeaders.contains("If-None-Match")) {
			String etag = entry.headers().first("ETag");
			for (String line : requestHeaders.all("If-None-Match")) {
				for (String tag : line.split(",")) {
					String candidate = tag.trim();
					if (candidate.equals("*") || (etag != null && ValidatorSelection.weakMatch(candidate, etag))) {
						return true;
					}
				}
			}
			return false;
		}
		Instant since = HttpDates.parse(requestHeaders.first("If-Modified-Since"));
		if (since == null) {
			return false;
		}
		Instant modified = lastModified(entry);
		return !modified.isAfter(since);
	}

	private static Instant lastModified(CacheEntry entry) {
		@Nullable Instant modified = HttpDates.parse(entry.headers().first("Last-Modified"));
		if (modified == null) {
			modified = HttpDates.parse(entry.headers().first("Date"));
		}
		return (modified != null) ? modified : entry.responseTime();
	}

}
