package io.github.httpcache.core;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The effective, validated settings the core decides with; built from {@code http.cache.*}.
 *
 * @param cacheName the name in {@code Cache-Status} and on meters
 * @param expireAfter the session-wide expiration
 * @param urlsExpireAfter ordered URL rules; the first match wins
 * @param cacheControl whether response {@code Cache-Control}/{@code Expires} set expiration
 * @param allowableCodes status codes that may be stored
 * @param allowableMethods upper-case methods that may be served from and stored in the cache
 * @param ignoredParameters query parameters, headers and body fields left out of the key (lower-case)
 * @param matchHeaders request headers that must match for a hit (lower-case)
 * @param staleIfError how long past expiry an entry may answer for a failed origin; {@code null} off
 * @param staleWhileRevalidate how long past expiry an entry may answer while it is refreshed; {@code null} off
 * @param shared whether RFC 9111 shared-cache rules apply
 * @param maxEntrySize largest body, in bytes, that is stored
 */
public record CacheSettings(String cacheName, Expiration expireAfter, List<UrlExpiration> urlsExpireAfter,
		boolean cacheControl, Set<Integer> allowableCodes, Set<String> allowableMethods,
		Set<String> ignoredParameters, List<String> matchHeaders, @Nullable Duration staleIfError,
		@Nullable Duration staleWhileRevalidate, boolean shared, long maxEntrySize) {

	/** Stands for "any staleness" in {@link #staleIfError} and {@link #staleWhileRevalidate}. */
	public static final Duration UNLIMITED = CacheControl.UNLIMITED;

	public CacheSettings {
		urlsExpireAfter = List.copyOf(urlsExpireAfter);
		allowableCodes = Set.copyOf(allowableCodes);
		allowableMethods = allowableMethods.stream().map((m) -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
		ignoredParameters = ignoredParameters.stream().map((p) -> p.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
		matchHeaders = matchHeaders.stream().map((h) -> h.toLowerCase(Locale.ROOT)).sorted().distinct().toList();
		if (maxEntrySize < 0) {
			throw new IllegalArgumentException("'maxEntrySize' must not be negative");
		}
	}

	/** Defaults as the contract gives them. */
	public static CacheSettings defaults() {
		return new CacheSettings("http-cache", Expiration.NEVER, List.of(), false, Set.of(200), Set.of("GET", "HEAD"),
				Set.of(), List.of(), null, null, false, 10L * 1024 * 1024);
	}

	public CacheSettings withExpireAfter(Expiration expiration) {
		return new CacheSettings(this.cacheName, expiration, this.urlsExpireAfter, this.cacheControl,
				this.allowableCodes, this.allowableMethods, this.ignoredParameters, this.matchHeaders,
				this.staleIfError, this.staleWhileRevalidate, this.shared, this.maxEntrySize);
	}

	public CacheSettings withCacheControl(boolean cacheControl) {
		return new CacheSettings(this.cacheName, this.expireAfter, this.urlsExpireAfter, cacheControl,
				this.allowableCodes, this.allowableMethods, this.ignoredParameters, this.matchHeaders,
				this.staleIfError, this.staleWhileRevalidate, this.shared, this.maxEntrySize);
	}

	public CacheSettings withUrlsExpireAfter(List<UrlExpiration> rules) {
		return new CacheSettings(this.cacheName, this.expireAfter, rules, this.cacheControl, this.allowableCodes,
				this.allowableMethods, this.ignoredParameters, this.matchHeaders, this.staleIfError,
				this.staleWhileRevalidate, this.shared, this.maxEntrySize);
	}

	public CacheSettings withShared(boolean shared) {
		return new CacheSettings(this.cacheName, this.expireAfter, this.urlsExpireAfter, this.cacheControl,
				this.allowableCodes, this.allowableMethods, this.ignoredParameters, this.matchHeaders,
				this.staleIfError, this.staleWhileRevalidate, shared, this.maxEntrySize);
	}

	public CacheSettings withMaxEntrySize(long maxEntrySize) {
		return new CacheSettings(this.cacheName, this.expireAfter, this.urlsExpireAfter, this.cacheControl,
				this.allowableCodes, this.allowableMethods, this.ignoredParameters, this.matchHeaders,
				this.staleIfError, this.staleWhileRevalidate, this.shared, maxEntrySize);
	}

	public CacheSettings withMatching(Set<Integer> codes, Set<String> methods, Set<String> ignored, List<String> matchHeaders) {
		return new CacheSettings(this.cacheName, this.expireAfter, this.urlsExpireAfter, this.cacheControl, codes,
				methods, ignored, matchHeaders, this.staleIfError, this.staleWhileRevalidate, this.shared,
				this.maxEntrySize);
	}

	public CacheSettings withStale(@Nullable Duration staleIfError, @Nullable Duration staleWhileRevalidate) {
		return new CacheSettings(this.cacheName, this.expireAfter, this.urlsExpireAfter, this.cacheControl,
				this.allowableCodes, this.allowableMethods, this.ignoredParameters, this.matchHeaders, staleIfError,
				staleWhileRevalidate, this.shared, this.maxEntrySize);
	}

}
