package io.github.httpcache.client;

/**
 * How concurrent requests for the same response are collapsed into one origin call
 * ({@code http.cache.collapse}). Requests are collapsed only when they share a request key (method,
 * URL, credentials, {@code match-headers}); a waiting request receives the fetched response only if
 * it also matches that response's {@code Vary} selection (RFC 9111 §4.1), else it fetches its own.
 */
public enum CollapseMode {

	/** Within one instance: the first request fetches, the others wait for it. */
	LOCAL,

	/**
	 * Within one instance as {@link #LOCAL}, and across instances through a lease in the store: the
	 * instance holding it fetches, the others poll the store for the entry it writes.
	 */
	REDIS,

	/** Every request that needs the origin calls it. */
	OFF

}
