package io.github.httpcache.internal.core;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheControl;
import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheRequest;

/**
 * May a stale entry answer anyway (RFC 5861)? Either because the origin failed
 * ({@code stale-if-error}) or while it is refreshed in the background
 * ({@code stale-while-revalidate}). The window is the widest of the setting, the stored response's
 * directive (only with {@code cache-control=true}) and the request's directive; an entry that must be
 * revalidated ({@code must-revalidate}, {@code no-cache}, {@code proxy-revalidate} in shared mode) is
 * never served stale (RFC 9111 §4.2.4, §5.2.2.2).
 */
public final class StalePolicy {

	private final CacheSettings settings;

	public StalePolicy(CacheSettings settings) {
		this.settings = settings;
	}

	/** Whether the stale entry may answer because the origin failed (network error, timeout or 5xx). */
	public boolean mayServeOnError(CacheRequest request, CacheEntry entry, Instant now) {
		return allowed(entry, now, window(this.settings.staleIfError(), entry, request, "stale-if-error"));
	}

	/** Whether the stale entry may answer at once while it is refreshed in the background. */
	public boolean mayServeWhileRevalidating(CacheRequest request, CacheEntry entry, Instant now) {
		return allowed(entry, now,
				window(this.settings.staleWhileRevalidate(), entry, request, "stale-while-revalidate"));
	}

	private boolean allowed(CacheEntry entry, Instant now, @Nullable Duration window) {
		if (window == null || entry.expires() == null || entry.isFresh(now) || mustRevalidate(entry)) {
			return false;
		}
		if (window == CacheSettings.UNLIMITED) {
			return true;
		}
		return Duration.between(entry.expires(), now).compareTo(window) <= 0;
	}

	private boolean mustRevalidate(CacheEntry entry) {
		CacheControl stored = CacheControl.of(entry.headers());
		return stored.mustRevalidate() || stored.noCache() || (this.settings.shared() && stored.proxyRevalidate());
	}

	private @Nullable Duration window(@Nullable Duration setting, CacheEntry entry, CacheRequest request,
			String directive) {
		Duration window = setting;
		if (this.settings.cacheControl()) {
			window = widest(window, CacheControl.of(entry.headers()).delta(directive));
		}
		return widest(window, request.cacheControl().delta(directive));
	}

	private static @Nullable Duration widest(@Nullable Duration a, @Nullable Duration b) {
		if (a == null) {
			return b;
		}
		if (b == null) {
			return a;
		}
		return (a.compareTo(b) >= 0) ? a : b;
	}

}
