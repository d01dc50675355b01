package io.github.httpcache.internal.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;

/**
 * The decision after the response: from what was forwarded (the request, the decision that sent it,
 * the stored variants), what the origin answered (status and header fields, or nothing) and the times,
 * the {@link ResponseVerdict}. A pure function: no store, no origin, no clock of its own.
 */
public final class AfterResponse {

	private final CachePolicy policy;

	private final StalePolicy stale;

	public AfterResponse(CachePolicy policy) {
		this.policy = policy;
		this.stale = new StalePolicy(policy.settings());
	}

	/**
	 * The verdict on the origin's answer.
	 * @param forwarded what went to the origin
	 * @param status the status, or {@code null} when the origin did not answer (a network error, a
	 * timeout, or a body that failed midway)
	 * @param headers the response's header fields (empty when it did not answer)
	 * @param requestTime when the request was sent
	 * @param responseTime when the answer arrived
	 * @param now the current time, for stale windows
	 * @return what to do
	 */
	public ResponseVerdict verdict(Forwarded forwarded, @Nullable Integer status, Headers headers,
			Instant requestTime, Instant responseTime, Instant now) {
		CacheDecision decision = forwarded.decision();
		CacheEntry entry = decision.entry();
		CacheRequest request = forwarded.request();
		if (status == null) {
			// RFC 5861 §4: the origin failed; a stale entry may answer if its window allows. A background
			// refresh answers nobody: its stale entry simply stays.
			if (!forwarded.background() && entry != null && this.stale.mayServeOnError(request, entry, now)) {
				return new ResponseVerdict.ServeStale(entry, null, "origin unreachable; stale-if-error");
			}
			// RFC 9111 §5.2.2.2: an entry that may never be served stale answers 504 instead.
			if (!forwarded.background() && entry != null && this.policy.forbidsStale(entry)) {
				return new ResponseVerdict.GatewayTimeout("must-revalidate");
			}
			return new ResponseVerdict.Fail("origin unreachable");
		}
		boolean revalidating = decision.action() == CacheAction.REVALIDATE;
		if (revalidating && status == 304 && !forwarded.retried()) {
			// RFC 9111 §4.3.4: a 304 naming nothing stored, or older than what it names, cannot be used.
			String why = ValidatorSelection.whyUnusable(candidates(forwarded), headers);
			if (why != null) {
				return new ResponseVerdict.RetryUnconditionally(
						ConditionalRequests.withoutConditions(decision.requestHeaders()), "retrying unconditionally, " + why);
			}
		}
		if (status >= 500) {
			if (!forwarded.background() && entry != null && this.stale.mayServeOnError(request, entry, now)) {
				return new ResponseVerdict.ServeStale(entry, status, "origin answered " + status + "; stale-if-error");
			}
			if (forwarded.background()) {
				// A failed refresh leaves the stale entry as it was; the next stale read tries again.
				return new ResponseVerdict.PassThrough(List.of(), "refresh answered " + status);
			}
		}
		if (revalidating && status == 304 && entry != null) {
			return notModified(forwarded, entry, headers, requestTime, responseTime);
		}
		List<CacheEntry> writes = headFreshened(forwarded, status, headers, requestTime, responseTime);
		if (!forwarded.write()) {
			return new ResponseVerdict.PassThrough(writes, "not written for this request");
		}
		String whyNot = this.policy.whyNotStorable(request, status, headers, requestTime, responseTime);
		if (whyNot != null) {
			return new ResponseVerdict.PassThrough(writes, "not stored, " + whyNot);
		}
		return new ResponseVerdict.Store(this.policy.settings().maxEntrySize(), writes, "storable");
	}

	/** RFC 9111 §4.3.4: update every stored response the 304 selects and answer with one of them. */
	private ResponseVerdict notModified(Forwarded forwarded, CacheEntry revalidated, Headers headers,
			Instant requestTime, Instant responseTime) {
		List<CacheEntry> selected = ValidatorSelection.toUpdate(candidates(forwarded), revalidated, headers);
		CacheEntry answered = selected.get(0);
		CachePolicy.Storing answer = this.policy.freshen(forwarded.request(), answered, headers, requestTime,
				responseTime);
		List<CacheEntry> others = new ArrayList<>();
		for (CacheEntry other : selected.subList(1, selected.size())) {
			// A variant other than the answered one keeps its Vary values only if the 304 keeps Vary.
			CachePolicy.Storing storing = this.policy.freshenOther(forwarded.request(), other, headers, requestTime,
					responseTime);
			if (storing.entry() != null && storing.write() && forwarded.write()) {
				others.add(storing.entry());
			}
		}
		CacheEntry updated = answer.entry();
		if (updated == null) {
			throw new IllegalStateException("freshen() returned no entry");
		}
		return new ResponseVerdict.ServeStored(updated, answer.write() && forwarded.write(), List.copyOf(others),
				answer.reason());
	}

	/**
	 * RFC 9111 §4.3.5: a {@code 200} to {@code HEAD} freshens the stored {@code GET} response chosen for
	 * the request if it matches, or marks it stale.
	 */
	private List<CacheEntry> headFreshened(Forwarded forwarded, int status, Headers headers, Instant requestTime,
			Instant responseTime) {
		CacheEntry entry = forwarded.decision().entry();
		if (!forwarded.request().method().equals("HEAD") || status != 200 || !forwarded.write() || entry == null) {
			return List.of();
		}
		CachePolicy.Storing storing = this.policy.freshenFromHead(forwarded.request(), entry, headers, requestTime,
				responseTime);
		return (storing.write() && storing.entry() != null) ? List.of(storing.entry()) : List.of();
	}

	/** The stored responses a 304 may name: every stored variant, or the one revalidated. */
	private static List<CacheEntry> candidates(Forwarded forwarded) {
		if (!forwarded.stored().isEmpty()) {
			return forwarded.stored();
		}
		CacheEntry entry = forwarded.decision().entry();
		return (entry != null) ? List.of(entry) : List.of();
	}

	/**
	 * What went to the origin.
	 *
	 * @param request the caller's request
	 * @param decision the decision that sent it (its entry is the one revalidated or refreshed)
	 * @param stored every variant the lookup found for the request key
	 * @param write whether the cache may write for this request (the plan allows it and the store was
	 * readable)
	 * @param background whether this is a {@code stale-while-revalidate} refresh, which answers nobody
	 * @param retried whether this is already the unconditional repeat of a revalidation
	 */
	public record Forwarded(CacheRequest request, CacheDecision decision, List<CacheEntry> stored, boolean write,
			boolean background, boolean retried) {
	}

}
