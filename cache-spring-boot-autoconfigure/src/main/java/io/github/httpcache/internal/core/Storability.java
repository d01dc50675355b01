package io.github.httpcache.internal.core;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheControl;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;

/**
 * May this response be stored at all (RFC 9111 §3)? Expiry is decided separately by
 * {@link ExpirationPolicy}; this class answers only the questions that no expiration rule can
 * override.
 */
final class Storability {

	/** Status codes whose semantics the cache understands, for {@code must-understand} (RFC 9111 §5.2.2.3). */
	static final Set<Integer> UNDERSTOOD = Set.of(200, 203, 204, 300, 301, 304, 308, 404, 405, 410, 414, 501);

	private final CacheSettings settings;

	public Storability(CacheSettings settings) {
		this.settings = settings;
	}

	/**
	 * Whether {@code allowable-codes} lets the status be stored. Listed codes and classes are stored
	 * as requests-cache stores its {@code allowable_codes}. With {@code any}, RFC 9111 §3 decides for the
	 * others: a final status is stored when it is cacheable by default (RFC 9110 §15.1: 200, 203, 204,
	 * 300, 301, 308, 404, 405, 410, 414, 501), and then the configured expiration applies, or when the
	 * response has explicit freshness ({@code max-age}, {@code s-maxage} in a shared cache,
	 * {@code Expires}) or is marked {@code public}. A {@code 302}, {@code 307} or {@code 500} with
	 * {@code max-age} is stored; a bare {@code 503} is not.
	 */
	private @Nullable String whyNotAllowable(int status, CacheControl cacheControl, Headers responseHeaders) {
		StatusCodes allowable = this.settings.allowableStatuses();
		if (allowable.lists(status)) {
			return null;
		}
		if (!allowable.any()) {
			return "status " + status + " is not allowable";
		}
		if (status < 200) {
			return "status " + status + " is not final (RFC 9111 §3)";
		}
		if (UNDERSTOOD.contains(status) || cacheControl.isPublic() || cacheControl.maxAge() != null
				|| (this.settings.shared() && cacheControl.sMaxAge() != null) || responseHeaders.contains("Expires")) {
			return null;
		}
		return "status " + status + " is not cacheable by default and the response has no explicit freshness (RFC 9111 §3)";
	}

	/** The reason the response may not be stored, or {@code null} when it may. */
	public @Nullable String whyNotStorable(CacheRequest request, int status, Headers responseHeaders) {
		if (!this.settings.allowableMethods().contains(request.method())) {
			return "method " + request.method() + " is not allowable";
		}
		if (request.method().equals("HEAD")) {
			// A HEAD response has no body; storing it would answer a later GET with nothing (RFC 9111 §4.3.5).
			return "HEAD responses are not stored";
		}
		if (status == 206) {
			// RFC 9111 §3.3/§3.4: we do not combine partial content, so we never store it.
			return "partial content is not stored";
		}
		if (status == 304) {
			// A 304 answers the caller's own validators; it has no content to serve another request.
			return "304 Not Modified is not stored";
		}
		CacheControl cacheControl = CacheControl.of(responseHeaders);
		String notAllowable = whyNotAllowable(status, cacheControl, responseHeaders);
		if (notAllowable != null) {
			return notAllowable;
		}
		CacheControl requestCacheControl = request.cacheControl();
		if (requestCacheControl.noStore()) {
			return "request Cache-Control: no-store";
		}
		boolean understood = cacheControl.mustUnderstand() && UNDERSTOOD.contains(status);
		if (cacheControl.mustUnderstand() && !understood) {
			return "must-understand with a status code the cache does not understand";
		}
		// Honoured whatever cache-control says: requests-cache stores no-store responses by default; we do not.
		if (cacheControl.noStore() && !understood) {
			return "response Cache-Control: no-store";
		}
		if (VaryMatcher.varyStar(responseHeaders)) {
			return "Vary: * can never be matched (RFC 9111 §4.1)";
		}
		if (responseHeaders.contains("Set-Cookie") && !cacheControl.isPublic()) {
			return "response sets a cookie and is not public";
		}
		if (this.settings.shared()) {
			if (cacheControl.isPrivate()) {
				return "response is private and the cache is shared (RFC 9111 §5.2.2.7)";
			}
			if (request.headers().contains("Authorization") && !cacheControl.isPublic() && !cacheControl.mustRevalidate()
					&& cacheControl.sMaxAge() == null) {
				return "authorized request in a shared cache without public, must-revalidate or s-maxage (RFC 9111 §3.5)";
			}
		}
		return null;
	}

}
