package io.github.httpcache.internal.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.Headers;

/**
 * Whether a {@code 200} response to {@code HEAD} may freshen a stored {@code GET} response
 * (RFC 9111 §4.3.5): every validator field it carries ({@code ETag}, {@code Last-Modified}) and its
 * {@code Content-Length}, when present, must equal the stored ones; otherwise the stored response
 * must be considered stale.
 */
final class HeadUpdate {

	private HeadUpdate() {
	}

	/** Whether the HEAD response describes the same representation as the stored entry. */
	public static boolean matches(CacheEntry stored, Headers head) {
		boolean compared = false;
		for (String field : List.of("ETag", "Last-Modified")) {
			String value = head.first(field);
			if (value != null) {
				compared = true;
				if (!value.trim().equals(trimmed(stored.headers().first(field)))) {
					return false;
				}
			}
		}
		String contentLength = head.first("Content-Length");
		if (contentLength != null && !contentLength.trim().equals("0")) {
			// A zero length is what many servers send for any HEAD, so it proves nothing either way.
			compared = true;
			if (!contentLength.trim().equals(Integer.toString(stored.body().length))) {
				return false;
			}
		}
		// With nothing to compare the HEAD response cannot show the stored one is current.
		return compared;
	}

	private static String trimmed(@Nullable String value) {
		return (value != null) ? value.trim() : "";
	}

}
