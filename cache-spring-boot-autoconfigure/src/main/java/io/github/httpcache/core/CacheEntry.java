package io.github.httpcache.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.internal.core.CacheKeys;

/**
 * A stored response with what the cache needs to reuse it: both timestamps that age is computed from
 * (RFC 9111 §4.2.3), the absolute expiry decided when it was stored, and the request's values of the
 * header fields its {@code Vary} names (RFC 9111 §4.1), credentials among them only as digests.
 *
 * @param requestKey the {@link CacheKey#requestKey()} it was stored under
 * @param url the normalised URL, without credentials or ignored parameters
 * @param method the request method that produced it
 * @param status the stored status code
 * @param headers the stored response header fields
 * @param body the stored body
 * @param varyValues the normalised request values of the fields named by {@code Vary}
 * @param requestTime when the request that produced it was sent
 * @param responseTime when its response was received (or last revalidated)
 * @param expires when it stops being fresh; {@code null} for never
 * @param created when it was first stored; a revalidation keeps it
 */
public record CacheEntry(String requestKey, String url, String method, int status, Headers headers, byte[] body,
		Headers varyValues, Instant requestTime, Instant responseTime, @Nullable Instant expires, Instant created) {

	/** Identifies this entry among the variants of its request key. */
	public String variantKey() {
		return varyValues.isEmpty() ? "-" : CacheKeys.digest(varyValues.toString().getBytes(StandardCharsets.UTF_8));
	}

	public boolean isFresh(Instant now) {
		return this.expires == null || now.isBefore(this.expires);
	}

	/** Time left until expiry (negative once stale), or {@code null} for entries that never expire. */
	public @Nullable Duration timeToLive(Instant now) {
		return (this.expires != null) ? Duration.between(now, this.expires) : null;
	}

	public boolean hasValidator() {
		return this.headers.contains("ETag") || this.headers.contains("Last-Modified");
	}

	public CacheEntry revalidated(Headers headers, Instant requestTime, Instant responseTime, @Nullable Instant expires) {
		return new CacheEntry(this.requestKey, this.url, this.method, this.status, headers, this.body, this.varyValues,
				requestTime, responseTime, expires, this.created);
	}

	/** This entry as the response to a request whose values of its {@code Vary} fields are {@code varyValues}. */
	public CacheEntry withVaryValues(Headers varyValues) {
		return new CacheEntry(this.requestKey, this.url, this.method, this.status, this.headers, this.body, varyValues,
				this.requestTime, this.responseTime, this.expires, this.created);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof CacheEntry that && this.requestKey.equals(that.requestKey) && this.url.equals(that.url)
				&& this.method.equals(that.method) && this.status == that.status && this.headers.equals(that.headers)
				&& java.util.Arrays.equals(this.body, that.body) && this.varyValues.equals(that.varyValues)
				&& this.requestTime.equals(that.requestTime) && this.responseTime.equals(that.responseTime)
				&& java.util.Objects.equals(this.expires, that.expires) && this.created.equals(that.created);
	}

	@Override
	public int hashCode() {
		return java.util.Objects.hash(this.requestKey, this.url, this.status, this.responseTime);
	}

	@Override
	public String toString() {
		return "CacheEntry[" + this.method + " " + this.url + " -> " + this.status + ", " + this.body.length
				+ " bytes, expires=" + this.expires + "]";
	}

}
