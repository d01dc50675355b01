package io.github.httpcache.internal.core;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.Headers;

/**
 * Conditional requests to validate stored responses (RFC 9111 §4.3.1) and the header update after a
 * {@code 304 Not Modified} (RFC 9111 §4.3.4).
 */
public final class ConditionalRequests {

	/**
	 * Fields a 304 does not replace in the stored response: framing and the fields that describe the
	 * stored body rather than the resource (RFC 9111 §3.2, RFC 9110 §15.4.5).
	 */
	static final Set<String> NOT_UPDATED = Set.of("content-length", "content-encoding", "transfer-encoding",
			"content-range", "connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "set-cookie",
			"cache-status");

	private ConditionalRequests() {
	}

	/** The request headers plus {@code If-None-Match} from the stored ETag and {@code If-Modified-Since} from Last-Modified. */
	public static Headers conditionalHeaders(Headers requestHeaders, CacheEntry entry) {
		Headers.Builder headers = requestHeaders.toBuilder();
		String etag = entry.headers().first("ETag");
		if (etag != null) {
			headers.set("If-None-Match", etag);
		}
		String lastModified = entry.headers().first("Last-Modified");
		if (lastModified != null) {
			headers.set("If-Modified-Since", lastModified);
		}
		return headers.build();
	}

	/**
	 * The request headers for revalidating the chosen entry when several variants are stored:
	 * {@code If-None-Match} lists every stored entity tag, the chosen one first (RFC 9111 §4.3.1).
	 */
	public static Headers conditionalHeaders(Headers requestHeaders, CacheEntry chosen, List<CacheEntry> stored) {
		Headers headers = conditionalHeaders(requestHeaders, chosen);
		String tags = ValidatorSelection.ifNoneMatch(chosen, stored);
		return (tags != null) ? headers.with("If-None-Match", tags) : headers;
	}

	/** The request headers without the validators a revalidation added, for an unconditional retry. */
	public static Headers withoutConditions(Headers requestHeaders) {
		return requestHeaders.without("If-None-Match").without("If-Modified-Since");
	}

	/** The stored header fields updated with those of a 304, except the fields listed in {@link #NOT_UPDATED}. */
	public static Headers merge(Headers stored, Headers notModified) {
		Headers.Builder merged = stored.toBuilder();
		notModified.forEach((name, values) -> {
			if (!NOT_UPDATED.contains(name.toLowerCase(Locale.ROOT))) {
				merged.setAll(name, values);
			}
		});
		return merged.build();
	}

}
