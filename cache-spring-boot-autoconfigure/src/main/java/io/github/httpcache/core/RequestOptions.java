package io.github.httpcache.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Per-request cache options, carried as request attributes and never sent to the origin.
 *
 * @param expireAfter expiration of what this request stores, or {@code null} for the configured one
 * @param onlyIfCached answer {@code 504} on a miss instead of calling the origin
 * @param refresh revalidate even when the entry is fresh
 * @param forceRefresh ignore the stored entry, fetch and store
 * @param bypass neither read nor write
 * @param invalidates URL globs (the {@code urls-expire-after} syntax) whose entries are evicted once
 * the request succeeds
 */
public record RequestOptions(@Nullable Expiration expireAfter, boolean onlyIfCached, boolean refresh,
		boolean forceRefresh, boolean bypass, List<String> invalidates) {

	public static final RequestOptions NONE = new RequestOptions(null, false, false, false, false);

	public RequestOptions {
		invalidates = List.copyOf(invalidates);
	}

	/** Options that invalidate nothing. */
	public RequestOptions(@Nullable Expiration expireAfter, boolean onlyIfCached, boolean refresh, boolean forceRefresh,
			boolean bypass) {
		this(expireAfter, onlyIfCached, refresh, forceRefresh, bypass, List.of());
	}

	public RequestOptions withInvalidates(List<String> globs) {
		return new RequestOptions(this.expireAfter, this.onlyIfCached, this.refresh, this.forceRefresh, this.bypass,
				globs);
	}

	public RequestOptions withExpireAfter(Expiration expiration) {
		return new RequestOptions(expiration, this.onlyIfCached, this.refresh, this.forceRefresh, this.bypass, this.invalidates);
	}

	public RequestOptions withOnlyIfCached() {
		return new RequestOptions(this.expireAfter, true, this.refresh, this.forceRefresh, this.bypass, this.invalidates);
	}

	public RequestOptions withRefresh() {
		return new RequestOptions(this.expireAfter, this.onlyIfCached, true, this.forceRefresh, this.bypass, this.invalidates);
	}

	public RequestOptions withForceRefresh() {
		return new RequestOptions(this.expireAfter, this.onlyIfCached, this.refresh, true, this.bypass, this.invalidates);
	}

	public RequestOptions withBypass() {
		return new RequestOptions(this.expireAfter, this.onlyIfCached, this.refresh, this.forceRefresh, true, this.invalidates);
	}

}
