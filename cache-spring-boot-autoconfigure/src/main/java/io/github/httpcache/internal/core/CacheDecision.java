package io.github.httpcache.internal.core;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.Headers;

/**
 * The verdict for one request.
 *
 * @param action what to do
 * @param entry the stored entry served or revalidated, if any
 * @param requestHeaders the headers to send to the origin (conditional ones added for a revalidation)
 * @param fwd the RFC 9211 {@code fwd} reason when the origin is contacted
 * @param reason why, for debug logs
 */
public record CacheDecision(CacheAction action, @Nullable CacheEntry entry, Headers requestHeaders, String fwd,
		String reason) {
}
