package io.github.httpcache.internal.core;

import io.github.httpcache.core.CacheKey;

/**
 * What the cache may do for a request before anything is looked up.
 *
 * @param key where its responses live
 * @param read whether to look up the store
 * @param write whether a response may be written
 * @param fwd the RFC 9211 {@code fwd} reason used when the store is not read ({@code bypass} or {@code request})
 * @param reason why, for debug logs
 */
public record CachePlan(CacheKey key, boolean read, boolean write, String fwd, String reason) {

	/** Whether the cache takes no part in this request. */
	public boolean bypass() {
		return !this.read && !this.write;
	}

}
