package io.github.httpcache.internal.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheControl;
import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.core.CacheKeyCustomizer;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;
import io.github.httpcache.core.ResponseCachePredicate;
import io.github.httpcache.core.ResponseData;

/**
 * The caching decisions, as pure functions of (request, stored entries, now): whether the cache takes
 * part at all, which stored entry answers, whether it is fresh enough, what to send to the origin, and
 * what to store afterwards.
 */
public final class CachePolicy {

	private final CacheSettings settings;

	private final CacheKeys keys;

	private final ExpirationPolicy expiration;

	private final Storability storability;

	private final List<ResponseCachePredicate> storePredicates;

	private final List<CacheKeyCustomizer> keyCustomizers;

	/** A policy with the default credential fields, keyed with a secret generated for this process. */
	public CachePolicy(CacheSettings settings) {
		this(settings, Credentials.defaults(), List.of(), List.of());
	}

	/**
	 * A policy whose keys treat the fields {@code credentials} names as credentials.
	 * @param settings the effective settings
	 * @param credentials which request fields carry credentials, and the secret that keys their digests
	 */
	public CachePolicy(CacheSettings settings, Credentials credentials) {
		this(settings, credentials, List.of(), List.of());
	}

	/** A policy with the default credential fields and the given extension points. */
	public CachePolicy(CacheSettings settings, List<ResponseCachePredicate> storePredicates,
			List<CacheKeyCustomizer> keyCustomizers) {
		this(settings, Credentials.defaults(), storePredicates, keyCustomizers);
	}

	/**
	 * @param settings the effective settings
	 * @param credentials which request fields carry credentials, and the secret that keys their digests
	 * @param storePredicates consulted, all of them, before a complete response is stored
	 * @param keyCustomizers applied in order to every key's parts
	 */
	public CachePolicy(CacheSettings settings, Credentials credentials, List<ResponseCachePredicate> storePredicates,
			List<CacheKeyCustomizer> keyCustomizers) {
		this.storePredicates = List.copyOf(storePredicates);
		this.keyCustomizers = List.copyOf(keyCustomizers);
		this.settings = settings;
		this.keys = new CacheKeys(settings, credentials);
		this.expiration = new ExpirationPolicy(settings);
		this.storability = new Storability(settings);
	}

	public CacheSettings settings() {
		return this.settings;
	}

	public CacheKeys keys() {
		return this.keys;
	}

	/** Before any lookup: may the cache read, write, or neither? */
	public CachePlan plan(CacheRequest request) {
		CacheKey key = this.keys.keyFor(request);
		if (!this.keyCustomizers.isEmpty()) {
			try {
				key = customized(request, key);
			}
			catch (RuntimeException ex) {
				return new CachePlan(key, false, false, "bypass", "a CacheKeyCustomizer failed: " + ex);
			}
		}
		if (request.options().bypass()) {
			return new CachePlan(key, false, false, "bypass", "bypass requested");
		}
		if (!this.settings.allowableMethods().contains(request.method())) {
			return new CachePlan(key, false, false, "bypass", "method " + request.method() + " is not allowable");
		}
		if (this.keys.credentialsPending(request)) {
			// Keying with a secret of our own would split the instances sharing the store without a word;
			// until the shared secret can be read, requests with credentials go to the origin.
			return new CachePlan(key, false, false, "bypass", "credentials present and the key secret is not known yet");
		}
		CacheControl cacheControl = request.cacheControl();
		if (cacheControl.noStore()) {
			return new CachePlan(key, false, false, "bypass", "request Cache-Control: no-store");
		}
		if (this.expiration.forRequest(request).isDoNotCache() && !this.expiration.statusMayOverride(request)) {
			return new CachePlan(key, false, false, "bypass", "expiration is do-not-cache");
		}
		// read-only (requests-cache's read_only): serve what is stored, never write, not even after a 304.
		boolean write = !this.settings.readOnly();
		if (request.options().forceRefresh()) {
			return new CachePlan(key, false, write, "request", "force refresh requested");
		}
		if (cacheControl.noCache()) {
			// The seed's reading of request no-cache: skip the read, store what comes back.
			return new CachePlan(key, false, write, "request", "request Cache-Control: no-cache");
		}
		return new CachePlan(key, true, write, "uri-miss", write ? "cacheable" : "cacheable, read-only");
	}

	/**
	 * The key after the {@link CacheKeyCustomizer}s: the URL key from the {@code url} part, the request
	 * key a digest of every part, name and value.
	 */
	private CacheKey customized(CacheRequest request, CacheKey key) {
		Map<String, String> parts = new LinkedHashMap<>();
		parts.put(CacheKeyCustomizer.URL, key.url());
		parts.put(CacheKeyCustomizer.REQUEST, key.requestKey());
		for (CacheKeyCustomizer customizer : this.keyCustomizers) {
			parts = customizer.customize(request, parts);
		}
		String url = parts.getOrDefault(CacheKeyCustomizer.URL, key.url());
		StringBuilder material = new StringBuilder();
		parts.forEach((name, value) -> material.append(name).append('=').append(value).append('\n'));
		String urlKey = url.equals(key.url()) ? key.urlKey()
				: CacheKeys.digest(url.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return new CacheKey(urlKey, CacheKeys.digest(material.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
				url);
	}

	/** After the lookup: which entry, if any, answers, and how. */
	public CacheDecision decide(CacheRequest request, List<CacheEntry> stored, Instant now) {
		CacheControl cacheControl = request.cacheControl();
		boolean onlyIfCached = request.options().onlyIfCached() || cacheControl.onlyIfCached()
				|| this.settings.onlyIfCached();
		CacheEntry entry = select(request, stored);
		if (entry == null) {
			if (onlyIfCached) {
				return decision(CacheAction.GATEWAY_TIMEOUT, null, request, "miss", "only-if-cached and nothing stored");
			}
			return decision(CacheAction.FETCH, null, request, stored.isEmpty() ? "uri-miss" : "vary-miss",
					stored.isEmpty() ? "nothing stored" : "no stored variant matches");
		}
		Duration age = Age.currentAge(entry, now);
		boolean fresh = entry.isFresh(now);
		String why = fresh ? "fresh" : "stale";
		Duration maxAge = cacheControl.maxAge();
		if (fresh && maxAge != null && age.compareTo(maxAge) > 0) {
			// RFC 9111 §5.2.1.1: the client will not accept a response older than max-age.
			fresh = false;
			why = "older than request max-age";
		}
		Duration minFresh = cacheControl.minFresh();
		if (fresh && minFresh != null && entry.expires() != null
				&& Duration.between(now, entry.expires()).compareTo(minFresh) < 0) {
			// RFC 9111 §5.2.1.3: the client wants it to stay fresh at least that long.
			fresh = false;
			why = "fresh for less than request min-fresh";
		}
		if (request.options().refresh() && !onlyIfCached) {
			// only-if-cached forbids contacting the origin (RFC 9111 §5.2.1.7), so it wins over refresh and
			// a fresh entry answers, as requests-cache does.
			fresh = false;
			why = "refresh requested";
		}
		boolean alwaysRevalidate = this.settings.alwaysRevalidate() && entry.hasValidator() && !onlyIfCached;
		if (fresh && alwaysRevalidate) {
			// requests-cache's always_revalidate: a conditional request on every use of an entry with a
			// validator, fresh or not; an entry without one is served while fresh, as requests-cache does.
			fresh = false;
			why = "fresh, revalidated on every use (always-revalidate)";
		}
		if (fresh) {
			return decision(CacheAction.SERVE, entry, request, "", "entry is fresh");
		}
		if (acceptsStale(request, entry, now) && !request.options().refresh() && !alwaysRevalidate) {
			return decision(CacheAction.SERVE_STALE, entry, request, "", "stale within request max-stale");
		}
		if (onlyIfCached) {
			return decision(CacheAction.GATEWAY_TIMEOUT, entry, request, "miss", "only-if-cached and the entry is " + why);
		}
		if (ReceivedValidation.isConditional(request.headers())) {
			// RFC 9111 §4.3.2: the caller's own validators cannot be answered from a stale entry; they go
			// to the origin as they are, and a 304 the origin sends is the caller's, not ours.
			return decision(CacheAction.FETCH, entry, request, "stale",
					"entry is " + why + "; the caller's conditional request is passed through");
		}
		if (entry.hasValidator()) {
			return new CacheDecision(CacheAction.REVALIDATE, entry,
					ConditionalRequests.conditionalHeaders(request.headers(), entry, stored), "stale", "entry is " + why);
		}
		return decision(CacheAction.FETCH, entry, request, "stale", "entry is " + why + " and has no validator");
	}

	/**
	 * RFC 9111 §5.2.1.2: a request {@code max-stale} accepts a stale response within the limit, unless
	 * the response says it must be revalidated (§5.2.2.2).
	 */
	private boolean acceptsStale(CacheRequest request, CacheEntry entry, Instant now) {
		Duration maxStale = request.cacheControl().maxStale();
		if (maxStale == null || entry.expires() == null) {
			return false;
		}
		if (forbidsStale(entry) || CacheControl.of(entry.headers()).noCache()) {
			return false;
		}
		Duration staleness = Duration.between(entry.expires(), now);
		return maxStale == CacheControl.UNLIMITED || staleness.compareTo(maxStale) <= 0;
	}

	/**
	 * The URIs a response makes obsolete (RFC 9111 §4.4), as {@link Invalidation} decides with the
	 * methods this cache treats as queries; none under {@code read-only}, which never changes the store.
	 */
	public List<java.net.URI> invalidationTargets(CacheRequest request, int status, Headers responseHeaders) {
		if (this.settings.readOnly()) {
			return List.of();
		}
		return Invalidation.targets(request, status, responseHeaders, this.settings.allowableMethods());
	}

	/**
	 * The URL globs of {@code HttpCacheRequest.invalidates(...)} to evict after this response: all of
	 * them once the request succeeded (2xx or 3xx, as RFC 9111 §4.4 counts success), none after an
	 * error or under {@code read-only}.
	 */
	public List<String> requestedInvalidations(CacheRequest request, int status) {
		if (this.settings.readOnly() || status < 200 || status >= 400) {
			return List.of();
		}
		return request.options().invalidates();
	}

	/**
	 * Whether the stored response may never be served stale: {@code must-revalidate} (RFC 9111
	 * §5.2.2.2) and, in a shared cache, {@code proxy-revalidate} (§5.2.2.8) or {@code s-maxage}, which
	 * implies it (§5.2.2.10). When the origin cannot be reached, such an entry answers {@code 504}.
	 */
	public boolean forbidsStale(CacheEntry entry) {
		CacheControl stored = CacheControl.of(entry.headers());
		return stored.mustRevalidate()
				|| (this.settings.shared() && (stored.proxyRevalidate() || stored.sMaxAge() != null));
	}

	/** The most recent stored response whose Vary selection matches the request (RFC 9111 §4.1). */
	@Nullable CacheEntry select(CacheRequest request, List<CacheEntry> stored) {
		return stored.stream()
			.filter((entry) -> VaryMatcher.matches(entry, request.headers(), this.settings.ignoredParameters(),
					this.keys.credentials()))
			.max(Comparator.comparing(CacheEntry::responseTime))
			.orElse(null);
	}

	/**
	 * Whether a response may be stored, judged from its status and headers before its body is read;
	 * the reason when it may not, else {@code null}.
	 */
	public @Nullable String whyNotStorable(CacheRequest request, int status, Headers headers, Instant requestTime,
			Instant responseTime) {
		String notStorable = this.storability.whyNotStorable(request, status, headers);
		if (notStorable != null) {
			return notStorable;
		}
		Expiry expiry = this.expiration.expiry(request, status, headers, requestTime, responseTime);
		return expiry.store() ? null : expiry.reason();
	}

	/**
	 * The entry to store for a complete response, or {@code null} with the reason logged by the caller
	 * when it may not be stored.
	 */
	public Storing toStore(CacheRequest request, CacheKey key, ResponseData received, Instant requestTime,
			Instant responseTime) {
		ResponseData response = withDate(received, responseTime);
		String notStorable = this.storability.whyNotStorable(request, response.status(), response.headers());
		if (notStorable != null) {
			return Storing.not(notStorable);
		}
		if (response.body().length > this.settings.maxEntrySize()) {
			return Storing.not("body is larger than max-entry-size");
		}
		for (ResponseCachePredicate predicate : this.storePredicates) {
			try {
				if (!predicate.shouldStore(request, response)) {
					return Storing.not("refused by a ResponseCachePredicate");
				}
			}
			catch (RuntimeException ex) {
				return Storing.not("a ResponseCachePredicate failed: " + ex);
			}
		}
		Expiry expiry = this.expiration.expiry(request, response.status(), response.headers(), requestTime,
				responseTime);
		if (!expiry.store()) {
			return Storing.not(expiry.reason());
		}
		CacheEntry entry = new CacheEntry(key.requestKey(), key.url(), request.method(), response.status(),
				StoredHeaders.of(response.headers(), this.settings, this.keys.credentials()), response.body(),
				VaryMatcher.selectedValues(response.headers(), request.headers(), this.settings.ignoredParameters(),
						this.keys.credentials()),
				requestTime, responseTime, expiry.expires(), responseTime);
		return new Storing(entry, expiry.reason());
	}

	/**
	 * RFC 9110 §6.6.1: a recipient with a clock adds the time it received a response lacking a valid
	 * {@code Date} before caching it; ages and lifetimes then read the same as without one.
	 */
	private static ResponseData withDate(ResponseData response, Instant responseTime) {
		return response.withHeaders(withDate(response.headers(), responseTime));
	}

	private static Headers withDate(Headers headers, Instant responseTime) {
		if (HttpDates.parse(headers.first("Date")) != null) {
			return headers;
		}
		return headers.with("Date", HttpDates.format(responseTime));
	}

	/**
	 * RFC 9111 §4.3.4: after a {@code 304}, the stored entry with its headers updated and its expiry
	 * renewed from the rules in force (requests-cache renews from the current rules too).
	 */
	public Storing freshen(CacheRequest request, CacheEntry entry, Headers notModified, Instant requestTime,
			Instant responseTime) {
		// A 304 without Date is dated when received too, or the stored Date would make it look old.
		Headers received = withDate(notModified, responseTime);
		// The 304's own connection options go before the merge, which drops its Connection field (§3.1).
		Headers merged = StoredHeaders.of(ConditionalRequests.merge(entry.headers(),
				StoredHeaders.of(received, this.settings, this.keys.credentials())), this.settings, this.keys.credentials());
		Expiry expiry = this.expiration.expiry(request, entry.status(), merged, requestTime, responseTime);
		CacheEntry updated = entry.revalidated(merged, requestTime, responseTime, expiry.expires());
		if (VaryMatcher.changes(entry.headers(), received)) {
			// RFC 9111 §4.1 matches a request against the values the *original* request had for the fields
			// the stored Vary names. A validation response that changes Vary would leave those values
			// describing the old Vary, so a later request could match a variant it no longer selects.
			// The origin has just said that this stored response (§4.3.4: with the 304's fields) answers
			// *this* request, so it is stored as this request's variant: its values are re-selected from
			// this request under the new Vary. The old variant is not rewritten; it keeps its own Vary and
			// values, still describes its original request, and is validated before its next use.
			if (VaryMatcher.varyStar(merged)) {
				return new Storing(updated, false, "the validation response changes Vary to *; not stored");
			}
			updated = updated.withVaryValues(VaryMatcher.selectedValues(merged, request.headers(),
					this.settings.ignoredParameters(), this.keys.credentials()));
		}
		if (!expiry.store() || request.cacheControl().noStore()) {
			return new Storing(updated, false, expiry.reason());
		}
		return new Storing(updated, true, expiry.reason());
	}

	/**
	 * RFC 9111 §4.3.4: a stored response that a {@code 304} selects besides the one answered with (its
	 * entity tag was listed too) is freshened as by {@link #freshen}, unless the 304 changes
	 * {@code Vary}: its original request is not this one, so its values for the new {@code Vary}
	 * fields are unknown (§4.1), and it is left as it was rather than merged into a variant it would
	 * no longer describe.
	 */
	public Storing freshenOther(CacheRequest request, CacheEntry entry, Headers notModified, Instant requestTime,
			Instant responseTime) {
		if (VaryMatcher.changes(entry.headers(), notModified)) {
			return Storing.not("the 304 changes Vary, and this variant's original request is unknown");
		}
		return freshen(request, entry, notModified, requestTime, responseTime);
	}

	/**
	 * RFC 9111 §4.3.5: a {@code 200} response to {@code HEAD} updates a stored {@code GET} response it
	 * matches, as a 304 would; one it does not match is kept but marked stale, so it is validated
	 * before its next use.
	 */
	public Storing freshenFromHead(CacheRequest request, CacheEntry entry, Headers head, Instant requestTime,
			Instant responseTime) {
		if (HeadUpdate.matches(entry, head)) {
			return freshen(request, entry, head, requestTime, responseTime);
		}
		CacheEntry stale = entry.revalidated(entry.headers(), entry.requestTime(), entry.responseTime(), responseTime);
		return new Storing(stale, "HEAD response does not match the stored response; marked stale");
	}

	/**
	 * What a caller receives for a usable stored entry: {@code 304} when the caller's own
	 * {@code If-None-Match} / {@code If-Modified-Since} are satisfied by it (RFC 9111 §4.3.2), else the
	 * stored response.
	 */
	public ResponseData answer(CacheRequest request, CacheEntry entry, Instant now, String cacheStatus) {
		boolean head = request.method().equals("HEAD");
		if (!ReceivedValidation.isConditional(request.headers()) || !ReceivedValidation.notModified(request.headers(), entry)) {
			return serve(entry, now, cacheStatus, head);
		}
		ResponseData full = serve(entry, now, cacheStatus, true);
		// RFC 9110 §15.4.5: a 304 carries the metadata of the 200 it stands for, but no content.
		Headers.Builder headers = full.headers().toBuilder();
		for (String field : new String[] { "Content-Length", "Content-Encoding", "Content-Range", "Content-Type" }) {
			headers.remove(field);
		}
		return new ResponseData(304, headers.build(), new byte[0]);
	}

	/** The response a caller receives for a stored entry: stored status, headers and body, with {@code Age}. */
	public ResponseData serve(CacheEntry entry, Instant now, String cacheStatus, boolean head) {
		Headers.Builder headers = entry.headers().toBuilder();
		// RFC 9111 §5.1: a response served from the cache carries its current age.
		headers.set("Age", Long.toString(Age.currentAge(entry, now).toSeconds()));
		headers.remove("Transfer-Encoding");
		headers.set("Content-Length", Integer.toString(entry.body().length));
		addCacheStatus(headers, entry.headers(), cacheStatus);
		return new ResponseData(entry.status(), headers.build(), head ? new byte[0] : entry.body());
	}

	/** The response headers with our {@code Cache-Status} member first (RFC 9211 §2). */
	public static Headers withCacheStatus(Headers headers, String cacheStatus) {
		Headers.Builder builder = headers.toBuilder();
		addCacheStatus(builder, headers, cacheStatus);
		return builder.build();
	}

	private static void addCacheStatus(Headers.Builder builder, Headers original, String cacheStatus) {
		String existing = original.joined(CacheStatus.HEADER);
		builder.set(CacheStatus.HEADER, (existing != null) ? cacheStatus + ", " + existing : cacheStatus);
	}

	/** {@code 504 Gateway Timeout} for {@code only-if-cached} without a usable entry (RFC 9111 §5.2.1.7). */
	public ResponseData gatewayTimeout(String cacheStatus) {
		return new ResponseData(504, Headers.of("Content-Length", "0", CacheStatus.HEADER, cacheStatus), new byte[0]);
	}

	private static CacheDecision decision(CacheAction action, @Nullable CacheEntry entry, CacheRequest request,
			String fwd, String reason) {
		return new CacheDecision(action, entry, request.headers(), fwd, reason);
	}

	/**
	 * Whether and what to write.
	 *
	 * @param entry the entry to write, or the updated entry to serve after a 304 even when not written
	 * @param write whether to write it
	 * @param reason why, for logs
	 */
	public record Storing(@Nullable CacheEntry entry, boolean write, String reason) {

		Storing(CacheEntry entry, String reason) {
			this(entry, true, reason);
		}

		static Storing not(String reason) {
			return new Storing(null, false, reason);
		}

	}

}
