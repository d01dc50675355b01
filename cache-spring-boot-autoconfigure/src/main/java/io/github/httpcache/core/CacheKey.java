package io.github.httpcache.core;

/**
 * Where a request's responses live in the store.
 *
 * @param urlKey fixed-length digest of the normalised URL; every entry of one URL shares it, so
 * invalidation (RFC 9111 §4.4) can find them all and a Redis Cluster keeps them in one slot
 * @param requestKey fixed-length digest of everything that selects a response besides {@code Vary}:
 * method, normalised URL, body, {@code match-headers} and the credential hash
 * @param url the normalised URL without credentials or ignored parameters, safe to store and show
 */
public record CacheKey(String urlKey, String requestKey, String url) {
}
