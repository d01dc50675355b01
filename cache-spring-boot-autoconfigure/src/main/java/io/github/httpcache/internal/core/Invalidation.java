package io.github.httpcache.internal.core;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;

/**
 * Which stored URLs a response makes obsolete (RFC 9111 §4.4): a non-error response to an unsafe
 * request invalidates its target URI and the URIs in its {@code Location} and
 * {@code Content-Location} fields, but only those with the target's origin, so that no server can
 * evict another's entries.
 * <p>
 * A method the user listed in {@code allowable-methods} (a {@code POST} to a search or GraphQL endpoint,
 * {@code QUERY}) is a query for this cache: its responses are keyed by the request body, stored and
 * served, so it never invalidates; if it did, each new query would evict the entries of the URL,
 * the one it should hit included. RFC 9111 §4.4 asks for invalidation on unsafe methods because they
 * may change the resource; a user who declared a method cacheable has said this one does not.
 * Both the blocking and the reactive flow take this decision from here.
 */
public final class Invalidation {

	/** RFC 9110 §9.2.1: the safe methods; every other method, known or not, is unsafe. */
	static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private Invalidation() {
	}

	/** As {@link #targets(CacheRequest, int, Headers, Set)} with only the safe methods cacheable. */
	public static List<URI> targets(CacheRequest request, int status, Headers responseHeaders) {
		return targets(request, status, responseHeaders, Set.of());
	}

	/**
	 * The URIs to invalidate after this response, target first; empty when nothing is invalidated.
	 * @param request the request answered
	 * @param status the response's status code
	 * @param responseHeaders the response's header fields
	 * @param allowableMethods upper-case methods the cache serves and stores; none of them invalidates
	 */
	public static List<URI> targets(CacheRequest request, int status, Headers responseHeaders,
			Set<String> allowableMethods) {
		if (SAFE_METHODS.contains(request.method()) || allowableMethods.contains(request.method())) {
			return List.of();
		}
		if (status < 200 || status >= 400) {
			// RFC 9111 §4.4: only a non-error status code (2xx or 3xx) invalidates.
			return List.of();
		}
		List<URI> targets = new ArrayList<>();
		targets.add(request.uri());
		for (String field : new String[] { "Location", "Content-Location" }) {
			URI target = resolve(request.uri(), responseHeaders.first(field));
			if (target != null && sameOrigin(request.uri(), target) && !targets.contains(target)) {
				targets.add(target);
			}
		}
		return targets;
	}

	private static @Nullable URI resolve(URI base, @Nullable String reference) {
		if (reference == null || reference.isBlank()) {
			return null;
		}
		try {
			return base.resolve(reference.trim());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** RFC 6454 §4 as used by RFC 9111 §4.4: same scheme, host and port. */
	static boolean sameOrigin(URI a, URI b) {
		return scheme(a).equals(scheme(b)) && host(a).equals(host(b)) && port(a) == port(b);
	}

	private static String scheme(URI uri) {
		return (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
	}

	/** The host, from the raw authority when {@link URI} parsed none (an underscore in a service name). */
	private static String host(URI uri) {
		return Authority.of(uri).host();
	}

	private static int port(URI uri) {
		return Authority.of(uri).effectivePort(scheme(uri));
	}

}
