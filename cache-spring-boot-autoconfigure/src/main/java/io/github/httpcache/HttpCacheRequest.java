package io.github.httpcache;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import io.github.httpcache.core.Expiration;

/**
 * Per-request cache options as request attributes, for {@code .attributes(...)} on {@code RestClient}
 * and {@code WebClient}; they stay in the client and are never sent to the origin:
 * <pre>
 * restClient.get().uri(url).attributes(HttpCacheRequest.onlyIfCached()).retrieve()...
 * </pre>
 */
public final class HttpCacheRequest {

	/** Attribute holding an {@link Expiration} for what this request stores. */
	public static final String EXPIRE_AFTER = "io.github.httpcache.expire-after";

	/** Attribute: answer {@code 504} on a miss instead of calling the origin. */
	public static final String ONLY_IF_CACHED = "io.github.httpcache.only-if-cached";

	/** Attribute: revalidate even if the stored response is fresh. */
	public static final String REFRESH = "io.github.httpcache.refresh";

	/** Attribute: ignore the stored response, fetch and store a new one. */
	public static final String FORCE_REFRESH = "io.github.httpcache.force-refresh";

	/** Attribute: neither read nor write the cache. */
	public static final String BYPASS = "io.github.httpcache.bypass";

	/** Attribute holding a {@code List<String>} of URL globs evicted once the request succeeds. */
	public static final String INVALIDATES = "io.github.httpcache.invalidates";

	/** Attribute holding the name of the policy ({@code http.cache.clients.<name>}) the request is cached under. */
	public static final String POLICY = "io.github.httpcache.policy";

	private HttpCacheRequest() {
	}

	/**
	 * Caches this request under the named policy, {@code http.cache.clients.<name>.*} (an unknown name is
	 * logged and the default policy applies). To select it for every request of a client, set it on
	 * the builder: {@code builder.defaultRequest((request) -> request.attributes(HttpCacheRequest.policy("github")))};
	 * the clients of an HTTP service group of that name select it without this.
	 * @param name the policy name
	 * @return the request attribute
	 */
	public static Consumer<Map<String, Object>> policy(String name) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("'name' must not be empty");
		}
		return (attributes) -> attributes.put(POLICY, name);
	}

	/** Stores this request's response for the given time ({@code Duration.ZERO}: revalidate on every use). */
	public static Consumer<Map<String, Object>> expireAfter(Duration duration) {
		Expiration expiration = Expiration.after(duration);
		return (attributes) -> attributes.put(EXPIRE_AFTER, expiration);
	}

	/**
	 * Stores this request's response per an expiration in its text form: {@code never}, {@code -1},
	 * {@code 0}, {@code do-not-cache} or a duration such as {@code 30s}.
	 * @throws IllegalArgumentException for any other text
	 */
	public static Consumer<Map<String, Object>> expireAfter(String expiration) {
		Expiration parsed = Expiration.parse(expiration);
		return (attributes) -> attributes.put(EXPIRE_AFTER, parsed);
	}

	/** Stores this request's response for the given seconds; {@code 0} revalidates on every use, {@code -1} never expires. */
	public static Consumer<Map<String, Object>> expireAfter(long seconds) {
		Expiration parsed = (seconds < 0) ? Expiration.NEVER : Expiration.after(Duration.ofSeconds(seconds));
		return (attributes) -> attributes.put(EXPIRE_AFTER, parsed);
	}

	/** Answers from the cache only: a miss is a {@code 504 Gateway Timeout} and the origin is not called. */
	public static Consumer<Map<String, Object>> onlyIfCached() {
		return (attributes) -> attributes.put(ONLY_IF_CACHED, Boolean.TRUE);
	}

	/** Revalidates the stored response even if it is fresh. */
	public static Consumer<Map<String, Object>> refresh() {
		return (attributes) -> attributes.put(REFRESH, Boolean.TRUE);
	}

	/** Ignores the stored response: fetches from the origin and stores the result. */
	public static Consumer<Map<String, Object>> forceRefresh() {
		return (attributes) -> attributes.put(FORCE_REFRESH, Boolean.TRUE);
	}

	/**
	 * Evicts every stored response whose URL matches one of the globs once this request succeeds (a
	 * {@code 2xx} or {@code 3xx}), whatever its method: after {@code POST /things}, evict
	 * {@code "api.example.com/things**"} so the next {@code GET /things?page=2} is fetched again. Globs
	 * take the {@code urls-expire-after} syntax ({@code [scheme://]host[:port][/path]}, {@code *} within
	 * a segment, {@code **} across); an invalid glob is logged and evicts nothing. Each glob walks the
	 * stored URLs ({@code SCAN} in Redis), so use it for writes, not for every read.
	 * @param globs the URL globs
	 * @return the request attribute
	 */
	public static Consumer<Map<String, Object>> invalidates(String... globs) {
		java.util.List<String> list = java.util.List.of(globs);
		return (attributes) -> attributes.put(INVALIDATES, list);
	}

	/** Leaves the cache out of this request: nothing is read or written. */
	public static Consumer<Map<String, Object>> bypass() {
		return (attributes) -> attributes.put(BYPASS, Boolean.TRUE);
	}

}
