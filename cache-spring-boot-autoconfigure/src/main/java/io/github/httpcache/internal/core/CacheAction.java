package io.github.httpcache.internal.core;

/** What the cache does with a request once it has looked at what is stored. */
public enum CacheAction {

	/** Answer from the fresh stored entry without contacting the origin. */
	SERVE,

	/** Answer from a stale stored entry the request accepts (RFC 9111 §4.2.4, {@code max-stale}). */
	SERVE_STALE,

	/** Send a conditional request built from the entry's validators (RFC 9111 §4.3.1). */
	REVALIDATE,

	/** Send the request unchanged and, if allowed, store the response. */
	FETCH,

	/** Answer {@code 504 Gateway Timeout} without contacting the origin ({@code only-if-cached}, RFC 9111 §5.2.1.7). */
	GATEWAY_TIMEOUT

}
