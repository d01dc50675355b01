package io.github.httpcache.core;

/**
 * Decides whether a complete response may be stored, after every built-in rule has allowed it:
 * requests-cache's {@code filter_fn}, seeing the request as well. Declare a bean of this type and the
 * starter consults it (several beans must all agree). It can only refuse: a response the rules do not
 * store is never stored because of it.
 * <pre>
 * &#64;Bean
 * ResponseCachePredicate onlyCompleteSearches() {
 *     // Do not store partial results the origin marks with a header.
 *     return (request, response) -&gt; !"true".equals(response.headers().first("X-Partial"));
 * }
 * </pre>
 * It runs on the request's thread (an event loop for {@code WebClient}): keep it fast and free of I/O.
 * It must not throw; an exception is logged and the response is not stored.
 */
@FunctionalInterface
public interface ResponseCachePredicate {

	/**
	 * Whether to store the response.
	 * @param request the request as the cache sees it (method, URL, headers, body, options)
	 * @param response the complete response: status, headers and body
	 * @return {@code false} to pass the response through without storing it
	 */
	boolean shouldStore(CacheRequest request, ResponseData response);

}
