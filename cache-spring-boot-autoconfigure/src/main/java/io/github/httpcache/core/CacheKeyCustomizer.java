package io.github.httpcache.core;

import java.util.Map;

/**
 * Adds to or replaces the parts a cache key is made of: requests-cache's {@code key_fn}. Declare a
 * bean of this type and the starter applies it (several beans in order) to every request the cache
 * takes part in. The parts, as named entries of an ordered map:
 * <ul>
 * <li>{@code url}: the normalised URL (scheme and host lower-cased, default port and fragment dropped,
 * query sorted, ignored and credential parameters removed). Entries are grouped by it: eviction,
 * invalidation (RFC 9111 §4.4) and {@code HttpCache.entries(url)} find an entry through it;</li>
 * <li>{@code request}: a digest of everything that selects a response besides {@code Vary}: method,
 * normalised URL, normalised body, {@code match-headers} and the hash of the credentials.</li>
 * </ul>
 * Add a part to split entries further (a tenant header, a client certificate's subject), or replace
 * one. Replacing {@code request} drops the credentials from the key unless the new value keeps them,
 * so users could share entries: keep {@code parts.get("request")} in what you compute.
 * <pre>
 * &#64;Bean
 * CacheKeyCustomizer perTenant() {
 *     return (request, parts) -&gt; {
 *         parts.put("tenant", String.valueOf(request.headers().first("X-Tenant")));
 *         return parts;
 *     };
 * }
 * </pre>
 * It runs on the request's thread: keep it fast and free of I/O. An exception is logged and the
 * request bypasses the cache.
 */
@FunctionalInterface
public interface CacheKeyCustomizer {

	/** The part holding the normalised URL. */
	String URL = "url";

	/** The part holding the digest of the method, URL, body, matched headers and credentials. */
	String REQUEST = "request";

	/**
	 * The key's parts for this request.
	 * @param request the request as the cache sees it
	 * @param parts the parts so far, {@link #URL} and {@link #REQUEST} first; a mutable, ordered map
	 * @return the parts to key on (the given map, changed, or another)
	 */
	Map<String, String> customize(CacheRequest request, Map<String, String> parts);

}
