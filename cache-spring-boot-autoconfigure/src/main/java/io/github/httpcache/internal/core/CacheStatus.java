package io.github.httpcache.internal.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Builds the RFC 9211 {@code Cache-Status} field value that every response passing through the cache
 * carries, such as {@code http-cache; hit; ttl=42} or {@code http-cache; fwd=stale; fwd-status=304; stored}.
 */
public final class CacheStatus {

	public static final String HEADER = "Cache-Status";

	private final StringBuilder value;

	private CacheStatus(String cacheName) {
		this.value = new StringBuilder(cacheName);
	}

	public static CacheStatus of(String cacheName) {
		return new CacheStatus(cacheName);
	}

	public CacheStatus hit() {
		return param("hit");
	}

	/** {@code fwd}: why the request went to the origin (RFC 9211 §2.2): uri-miss, vary-miss, stale, request, bypass, miss. */
	public CacheStatus fwd(String reason) {
		return param("fwd=" + reason);
	}

	public CacheStatus fwdStatus(int status) {
		return param("fwd-status=" + status);
	}

	public CacheStatus stored() {
		return param("stored");
	}

	/** {@code ttl}: remaining freshness in whole seconds, negative when stale; omitted for entries that never expire. */
	public CacheStatus ttl(@Nullable Duration ttl) {
		return (ttl != null) ? param("ttl=" + ttl.toSeconds()) : this;
	}

	public CacheStatus detail(String detail) {
		return param("detail=" + detail);
	}

	private CacheStatus param(String param) {
		this.value.append("; ").append(param);
		return this;
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
