package io.github.httpcache.internal.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.Headers;

/**
 * What the cache does once the origin has answered (or failed to): the decision after the response,
 * as {@link CacheDecision} is the decision before it. Computed by {@link AfterResponse#verdict}; the
 * flow only carries it out.
 */
public sealed interface ResponseVerdict {

	/** Why, for debug logs. */
	String reason();

	/**
	 * A {@code 304} to our revalidation (RFC 9111 §4.3.4): answer with the stored response it selects,
	 * freshened with the 304's fields, and write the freshened entries.
	 *
	 * @param answer the freshened stored response to answer with
	 * @param writeAnswer whether to write {@code answer}
	 * @param others the other stored variants the 304 selects, freshened, to be written too
	 * @param reason why, for debug logs
	 */
	record ServeStored(CacheEntry answer, boolean writeAnswer, List<CacheEntry> others, String reason)
			implements ResponseVerdict {
	}

	/**
	 * The response may be stored: read its body up to {@code limit} bytes, then store it if it is whole.
	 *
	 * @param limit the most body bytes to hold ({@code max-entry-size})
	 * @param writes stored entries to write first (a {@code HEAD} response freshening a {@code GET}
	 * one, RFC 9111 §4.3.5)
	 * @param reason why, for debug logs
	 */
	record Store(long limit, List<CacheEntry> writes, String reason) implements ResponseVerdict {
	}

	/**
	 * The response is not stored: it passes through as it comes.
	 *
	 * @param writes stored entries to write first (a {@code HEAD} response freshening a {@code GET}
	 * one, RFC 9111 §4.3.5)
	 * @param reason why, for debug logs
	 */
	record PassThrough(List<CacheEntry> writes, String reason) implements ResponseVerdict {
	}

	/**
	 * The {@code 304} cannot be used (it names no stored response, RFC 9111 §4.3.4, or is older than the
	 * one it names): send the request again with these headers, without our validators.
	 *
	 * @param requestHeaders the headers to send
	 * @param reason why, for debug logs
	 */
	record RetryUnconditionally(Headers requestHeaders, String reason) implements ResponseVerdict {
	}

	/**
	 * RFC 5861 §4 {@code stale-if-error}: the origin failed and the stale entry answers instead.
	 *
	 * @param entry the stale entry
	 * @param failure the origin's 5xx status, or {@code null} when it did not answer
	 * @param reason why, for debug logs
	 */
	record ServeStale(CacheEntry entry, @Nullable Integer failure, String reason) implements ResponseVerdict {
	}

	/**
	 * The origin could not be reached for an entry that may never be served stale: answer
	 * {@code 504 Gateway Timeout} (RFC 9111 §5.2.2.2).
	 *
	 * @param reason the {@code Cache-Status} detail
	 */
	record GatewayTimeout(String reason) implements ResponseVerdict {
	}

	/**
	 * The origin could not be reached and nothing stored may answer: the failure reaches the caller.
	 *
	 * @param reason why, for debug logs
	 */
	record Fail(String reason) implements ResponseVerdict {
	}

}
