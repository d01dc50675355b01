package io.github.httpcache.core;

import org.jspecify.annotations.Nullable;

/**
 * Per-request cache options, carried as request attributes and never sent to the origin.
 *
 * @param expireAfter expiration of what this request stores, or {@code null} for the configured one
 * @param onlyIfCached answer {@code 504} on a miss instead of calling the origin
 * @param refresh revalidate even when the entry is fresh
 * @param forceRefresh ignore the stored entry, fetch and store
 * @param bypass neither read nor write
 */
public record RequestOptions(@Nullable Expiration expireAfter, boolean onlyIfCached, boolean refresh,
		boolean forceRefresh, boolean bypass) {

	public static final RequestOptions NONE = new RequestOptions(null, false, false, false, false);

	public RequestOptions withExpireAfter(Expiration expiration) {
		return new RequestOptions(expiration, this.onlyIfCached, this.refresh, this.forceRefresh, this.bypass);
	}

	public RequestOptions withOnlyIfCached() {
		return new RequestOptions(this.expireAfter, true, this.refresh, this.forceRefresh, this.bypass);
	}

	public RequestOptions withRefresh() {
		return new RequestOptions(this.expireAfter, this.onlyIfCached, true, this.forceRefresh, this.bypass);
	}

	public RequestOptions withForceRefresh() {
		return new RequestOptions(this.expireAfter, this.onlyIfCached, this.refresh, true, this.bypass);
	}

	public RequestOptions withBypass() {
		return new RequestOptions(this.expireAfter, this.onlyIfCached, this.refresh, this.forceRefresh, true);
	}

}
