package io.github.httpcache.internal.core;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheControl;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Expiration;
import io.github.httpcache.core.Headers;

/**
 * Decides a response's expiry in the order of precedence requests-cache documents and our contract
 * fixes:
 * <ol>
 * <li>response headers, when {@code cache-control=true} ({@code no-store}, {@code immutable},
 * {@code no-cache}, {@code s-maxage} in shared mode, {@code max-age}, {@code Expires});</li>
 * <li>request {@code Cache-Control: max-age};</li>
 * <li>the per-request expiration;</li>
 * <li>the {@code status-expire-after} rule for the response's status, its code before its class;</li>
 * <li>the first matching {@code urls-expire-after} rule;</li>
 * <li>{@code expire-after}.</li>
 * </ol>
 */
final class ExpirationPolicy {

	private final CacheSettings settings;

	public ExpirationPolicy(CacheSettings settings) {
		this.settings = settings;
	}

	/**
	 * The expiration in force for a request from levels 2 to 6 without the status rules (level 4),
	 * known before any response.
	 */
	public Expiration forRequest(CacheRequest request) {
		Expiration fromRequest = fromRequest(request);
		return (fromRequest != null) ? fromRequest : forUrl(request);
	}

	/** The expiration in force for a response with this status, levels 2 to 6. */
	public Expiration forResponse(CacheRequest request, int status) {
		Expiration fromRequest = fromRequest(request);
		if (fromRequest != null) {
			return fromRequest;
		}
		StatusExpiration rule = statusRule(status);
		return (rule != null) ? rule.expiration() : forUrl(request);
	}

	/**
	 * Whether a {@code do-not-cache} from the URL rules or {@code expire-after} may still be overridden
	 * once the status is known: the request sets nothing of its own and some status rule stores.
	 */
	public boolean statusMayOverride(CacheRequest request) {
		return fromRequest(request) == null
				&& this.settings.statusExpireAfter().stream().anyMatch((rule) -> !rule.expiration().isDoNotCache());
	}

	/** Levels 2 and 3: request {@code max-age}, then the per-request expiration. */
	private @Nullable Expiration fromRequest(CacheRequest request) {
		Duration requestMaxAge = request.cacheControl().maxAge();
		if (requestMaxAge != null) {
			return Expiration.after(requestMaxAge);
		}
		return request.options().expireAfter();
	}

	/** Level 4: a rule naming the code wins over one naming its class, whatever their order. */
	private @Nullable StatusExpiration statusRule(int status) {
		StatusExpiration byClass = null;
		for (StatusExpiration rule : this.settings.statusExpireAfter()) {
			if (rule.matches(status)) {
				if (rule.isCode()) {
					return rule;
				}
				if (byClass == null) {
					byClass = rule;
				}
			}
		}
		return byClass;
	}

	/** Levels 5 and 6. */
	private Expiration forUrl(CacheRequest request) {
		for (UrlExpiration rule : this.settings.urlsExpireAfter()) {
			if (rule.matcher().matches(request.uri())) {
				return rule.expiration();
			}
		}
		return this.settings.expireAfter();
	}

	/** As {@link #expiry(CacheRequest, int, Headers, Instant, Instant)} for a {@code 200}. */
	public Expiry expiry(CacheRequest request, Headers responseHeaders, Instant requestTime, Instant responseTime) {
		return expiry(request, 200, responseHeaders, requestTime, responseTime);
	}

	/**
	 * The expiry of a response to the request, received at {@code responseTime}, with the given status
	 * and (possibly merged, after a 304) response headers.
	 */
	public Expiry expiry(CacheRequest request, int status, Headers responseHeaders, Instant requestTime,
			Instant responseTime) {
		if (this.settings.cacheControl()) {
			Expiry fromHeaders = fromResponseHeaders(responseHeaders, requestTime, responseTime);
			if (fromHeaders != null) {
				return fromHeaders;
			}
		}
		Expiration expiration = forResponse(request, status);
		return switch (expiration.kind()) {
			case DO_NOT_CACHE -> Expiry.doNotStore("expiration is do-not-cache");
			case NEVER -> Expiry.never("expiration is never");
			case AFTER -> {
				if (expiration.isImmediate() && !hasValidator(responseHeaders)) {
					// Expiration 0 means "revalidate on every use": without a validator that is useless.
					yield Expiry.doNotStore("expiration is 0 and the response has no validator");
				}
				yield Expiry.at(responseTime.plus(expiration.duration()), "expires after " + expiration);
			}
		};
	}

	/** Level 1; {@code null} when the response carries no freshness information. */
	private @Nullable Expiry fromResponseHeaders(Headers headers, Instant requestTime, Instant responseTime) {
		CacheControl cacheControl = CacheControl.of(headers);
		if (cacheControl.noStore()) {
			return Expiry.doNotStore("response Cache-Control: no-store");
		}
		if (cacheControl.immutable()) {
			// requests-cache's reading: never expires. RFC 8246 does not extend freshness; documented deviation.
			return Expiry.never("response Cache-Control: immutable");
		}
		if (cacheControl.noCache()) {
			// RFC 9111 §5.2.2.4: must not be used without successful validation.
			return hasValidator(headers) ? Expiry.at(responseTime, "response Cache-Control: no-cache")
					: Expiry.doNotStore("response Cache-Control: no-cache without a validator");
		}
		Duration lifetime = freshnessLifetime(headers, cacheControl, responseTime);
		if (lifetime == null) {
			return null;
		}
		Duration initialAge = Age.correctedInitialAge(headers, requestTime, responseTime);
		Instant expires = responseTime.plus(lifetime).minus(initialAge);
		if (!expires.isAfter(responseTime) && !hasValidator(headers)) {
			return Expiry.doNotStore("response is stale on arrival and has no validator");
		}
		return Expiry.at(expires, "response freshness lifetime " + lifetime.toSeconds() + "s");
	}

	/**
	 * RFC 9111 §4.2.1: {@code s-maxage} (shared caches only), then {@code max-age}, then
	 * {@code Expires} minus {@code Date}; an invalid {@code Expires} means already expired. No
	 * heuristic freshness.
	 */
	@Nullable Duration freshnessLifetime(Headers headers, CacheControl cacheControl, Instant responseTime) {
		if (this.settings.shared() && cacheControl.sMaxAge() != null) {
			return cacheControl.sMaxAge();
		}
		if (cacheControl.maxAge() != null) {
			return cacheControl.maxAge();
		}
		if (headers.contains("Expires")) {
			Instant expires = HttpDates.parse(headers.first("Expires"));
			if (expires == null || headers.all("Expires").size() > 1) {
				return Duration.ZERO;
			}
			// A missing or invalid Date is replaced by the time the response was received (RFC 9110 §6.6.1).
			Instant date = HttpDates.parse(headers.first("Date"));
			if (date == null) {
				date = responseTime;
			}
			Duration lifetime = Duration.between(date, expires);
			return lifetime.isNegative() ? Duration.ZERO : lifetime;
		}
		return null;
	}

	static boolean hasValidator(Headers headers) {
		return headers.contains("ETag") || headers.contains("Last-Modified");
	}

}
