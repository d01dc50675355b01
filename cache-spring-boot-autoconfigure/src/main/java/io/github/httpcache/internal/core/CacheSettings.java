package io.github.httpcache.internal.core;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheControl;
import io.github.httpcache.core.Expiration;

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
 * @param allowableStatuses every status that may be stored: {@code allowableCodes}, classes such as
 * {@code 2xx}, and {@code any}
 * @param statusExpireAfter expirations by status code or class, between the per-request expiration and
 * {@code urls-expire-after} in precedence
 * @param alwaysRevalidate whether a fresh entry with a validator is revalidated on every use
 * (requests-cache's {@code always_revalidate})
 * @param onlyIfCached whether every request the cache reads for is answered from the store only, a miss
 * being a {@code 504} (requests-cache's {@code only_if_cached})
 * @param readOnly whether the store is read and never written: no new entries, no updates after a 304,
 * no invalidations (requests-cache's {@code read_only})
 */
public record CacheSettings(String cacheName, Expiration expireAfter, List<UrlExpiration> urlsExpireAfter,
		boolean cacheControl, Set<Integer> allowableCodes, Set<String> allowableMethods,
		Set<String> ignoredParameters, List<String> matchHeaders, @Nullable Duration staleIfError,
		@Nullable Duration staleWhileRevalidate, boolean shared, long maxEntrySize, StatusCodes allowableStatuses,
		List<StatusExpiration> statusExpireAfter, boolean alwaysRevalidate, boolean onlyIfCached, boolean readOnly) {

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
		statusExpireAfter = List.copyOf(statusExpireAfter);
		if (!allowableStatuses.codes().containsAll(allowableCodes)) {
			allowableStatuses = new StatusCodes(union(allowableStatuses.codes(), allowableCodes),
					allowableStatuses.classes(), allowableStatuses.any());
		}
	}

	/** The settings of the first round: every status listed is a code, no requests-cache switches. */
	public CacheSettings(String cacheName, Expiration expireAfter, List<UrlExpiration> urlsExpireAfter,
			boolean cacheControl, Set<Integer> allowableCodes, Set<String> allowableMethods,
			Set<String> ignoredParameters, List<String> matchHeaders, @Nullable Duration staleIfError,
			@Nullable Duration staleWhileRevalidate, boolean shared, long maxEntrySize) {
		this(cacheName, expireAfter, urlsExpireAfter, cacheControl, allowableCodes, allowableMethods, ignoredParameters,
				matchHeaders, staleIfError, staleWhileRevalidate, shared, maxEntrySize, StatusCodes.of(allowableCodes),
				List.of(), false, false, false);
	}

	private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
		Set<Integer> union = new java.util.HashSet<>(a);
		union.addAll(b);
		return union;
	}

	/** Defaults as the contract gives them. */
	public static CacheSettings defaults() {
		return new CacheSettings("http-cache", Expiration.NEVER, List.of(), false, Set.of(200), Set.of("GET", "HEAD"),
				Set.of(), List.of(), null, null, false, 10L * 1024 * 1024);
	}

	public CacheSettings withExpireAfter(Expiration expiration) {
		return new CacheSettings(this.cacheName, expiration, this.urlsExpireAfter, this.cacheControl,
				this.allowableCodes, this.allowableMethods, this.ignoredParameters, this.matchHeaders,
				this.staleIfError, this.staleWhileRevalidate, this.shared, this.maxEntrySize, this.allowableStatuses,
				this.statusExpireAfter, this.alwaysRevalidate, this.onlyIfCached, this.readOnly);
	}

	public CacheSettings withCacheControl(boolean cacheControl) {
		return new CacheSettings(this.cacheName, this.expireAfter, this.urlsExpireAfter, cacheControl,
				this.allowableCodes, this.allowableMethods, this.ignoredParameters, this.matchHeaders,
				this.staleIfError, this.staleWhileRevalidate, this.shared, this.maxEntrySize, this.allowableStatuses,
				this.statusExpireAfter, this.alwaysRevalidate, this.onlyIfCached, this.readOnly);
	}

	public CacheSettings withUrlsExpireAfter(List<UrlExpiration> rules) {
		return new CacheSettings(this.cacheName, this.expireAfter, rules, this.cacheControl, this.allowableCodes,
				this.allowableMethods, this.ignoredParameters, this.matchHeaders, this.staleIfError,
				this.staleWhileRevalidate, this.shared, this.maxEntrySize, this.allowableStatuses,
				this.statusExpireAfter, this.alwaysRevalidate, this.onlyIfCached, this.readOnly);
	}

	public CacheSettings withShared(boolean shared) {
		return new CacheSettings(this.cacheName, this.expireAfter, this.urlsExpireAfter, this.cacheControl,
				this.allowableCodes, this.allowableMethods, this.ignoredParameters, this.matchHeaders,
				this.staleIfError, this.staleWhileRevalidate, shared, this.maxEntrySize, this.allowableStatuses,
				this.statusExpireAfter, this.alwaysRevalidate, this.onlyIfCached, this.readOnly);
	}

	public CacheSettings withMaxEntrySize(long maxEntrySize) {
		return new CacheSettings(this.cacheName, this.expireAfter, this.urlsExpireAfter, this.cacheControl,
				this.allowableCodes, this.allowableMethods, this.ignoredParameters, this.matchHeaders,
				this.staleIfError, this.staleWhileRevalidate, this.shared, maxEntrySize, this.allowableStatuses,
				this.statusExpireAfter, this.alwaysRevalidate, this.onlyIfCached, this.readOnly);
	}

	public CacheSettings withMatching(Set<Integer> codes, Set<String> methods, Set<String> ignored, List<String> matchHeaders) {
		return new CacheSettings(this.cacheName, this.expireAfter, this.urlsExpireAfter, this.cacheControl, codes,
				methods, ignored, matchHeaders, this.staleIfError, this.staleWhileRevalidate, this.shared,
				this.maxEntrySize, StatusCodes.of(codes), this.statusExpireAfter, this.alwaysRevalidate,
				this.onlyIfCached, this.readOnly);
	}

	public CacheSettings withStale(@Nullable Duration staleIfError, @Nullable Duration staleWhileRevalidate) {
		return new CacheSettings(this.cacheName, this.expireAfter, this.urlsExpireAfter, this.cacheControl,
				this.allowableCodes, this.allowableMethods, this.ignoredParameters, this.matchHeaders, staleIfError,
				staleWhileRevalidate, this.shared, this.maxEntrySize, this.allowableStatuses,
				this.statusExpireAfter, this.alwaysRevalidate, this.onlyIfCached, this.readOnly);
	}

	/** With {@code allowable-codes} in every form: codes, classes, {@code any}. */
	public CacheSettings withAllowableStatuses(StatusCodes statuses) {
		return new CacheSettings(this.cacheName, this.expireAfter, this.urlsExpireAfter, this.cacheControl,
				statuses.codes(), this.allowableMethods, this.ignoredParameters, this.matchHeaders, this.staleIfError,
				this.staleWhileRevalidate, this.shared, this.maxEntrySize, statuses, this.statusExpireAfter,
				this.alwaysRevalidate, this.onlyIfCached, this.readOnly);
	}

	public CacheSettings withStatusExpireAfter(List<StatusExpiration> rules) {
		return new CacheSettings(this.cacheName, this.expireAfter, this.urlsExpireAfter, this.cacheControl,
				this.allowableCodes, this.allowableMethods, this.ignoredParameters, this.matchHeaders,
				this.staleIfError, this.staleWhileRevalidate, this.shared, this.maxEntrySize, this.allowableStatuses,
				rules, this.alwaysRevalidate, this.onlyIfCached, this.readOnly);
	}

	/** With requests-cache's session switches {@code always_revalidate}, {@code only_if_cached} and {@code read_only}. */
	public CacheSettings withSessionSwitches(boolean alwaysRevalidate, boolean onlyIfCached, boolean readOnly) {
		return new CacheSettings(this.cacheName, this.expireAfter, this.urlsExpireAfter, this.cacheControl,
				this.allowableCodes, this.allowableMethods, this.ignoredParameters, this.matchHeaders,
				this.staleIfError, this.staleWhileRevalidate, this.shared, this.maxEntrySize, this.allowableStatuses,
				this.statusExpireAfter, alwaysRevalidate, onlyIfCached, readOnly);
	}

}
