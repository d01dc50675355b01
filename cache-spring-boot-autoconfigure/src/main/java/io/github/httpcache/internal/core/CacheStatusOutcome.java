package io.github.httpcache.internal.core;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheOutcome;

/**
 * Reads back what the cache did from the {@code Cache-Status} field it wrote (RFC 9211), for
 * observers that see only the response (an {@code ObservationFilter} on the client's observation):
 * the outcome that the {@code result} tag names, and the cache (policy) that wrote it.
 * <p>
 * The mapping follows the engine's own: {@code hit} is a hit unless its {@code ttl} is negative or it
 * was served while revalidating (RFC 9211 §2.1, §2.5), which is stale; {@code fwd=stale} with
 * {@code fwd-status=304} is a revalidation (RFC 9111 §4.3.4), with {@code detail=stale-if-error} a stale
 * answer to a failed origin, with a {@code 5xx} {@code fwd-status} a failed revalidation, otherwise a modified response; {@code fwd=bypass} is a bypass, every
 * other {@code fwd} a miss; {@code detail=store-unavailable} and the {@code 504} of
 * {@code detail=must-revalidate} are errors. README's {@code Cache-Status} table is the reference
 * ({@code ReadmeAgreementTests}).
 */
public final class CacheStatusOutcome {

	private CacheStatusOutcome() {
	}

	/**
	 * The outcome a {@code Cache-Status} value reports.
	 * @param cacheStatus the field value, such as {@code http-cache; hit; ttl=42}
	 * @return the outcome, or {@code null} when there is no value
	 */
	public static @Nullable CacheOutcome of(@Nullable String cacheStatus) {
		if (cacheStatus == null || cacheStatus.isBlank()) {
			return null;
		}
		boolean hit = false;
		boolean negativeTtl = false;
		String fwd = null;
		String fwdStatus = null;
		String detail = null;
		// The field is a list, nearest cache first (RFC 9211 §2): ours, then any the origin's side sent.
		int comma = cacheStatus.indexOf(',');
		String ours = (comma < 0) ? cacheStatus : cacheStatus.substring(0, comma);
		String[] params = ours.split(";");
		for (int i = 1; i < params.length; i++) {
			String param = params[i].trim().toLowerCase(Locale.ROOT);
			if (param.equals("hit")) {
				hit = true;
			}
			else if (param.startsWith("fwd=")) {
				fwd = param.substring(4);
			}
			else if (param.startsWith("fwd-status=")) {
				fwdStatus = param.substring(11);
			}
			else if (param.startsWith("ttl=-")) {
				negativeTtl = true;
			}
			else if (param.startsWith("detail=")) {
				detail = param.substring(7);
			}
		}
		if ("store-unavailable".equals(detail) || "must-revalidate".equals(detail)) {
			// The store failed; or a 504 for an entry that must not be served stale (RFC 9111 §5.2.2.2).
			return CacheOutcome.ERROR;
		}
		if (hit) {
			return (negativeTtl || "stale-while-revalidate".equals(detail)) ? CacheOutcome.STALE : CacheOutcome.HIT;
		}
		if ("stale".equals(fwd)) {
			if ("stale-if-error".equals(detail)) {
				return CacheOutcome.STALE;
			}
			if ("304".equals(fwdStatus)) {
				return CacheOutcome.REVALIDATED;
			}
			// A 5xx to the revalidation, passed on: a failed revalidation, as the flow counts it.
			return (fwdStatus != null && fwdStatus.startsWith("5")) ? CacheOutcome.ERROR : CacheOutcome.MODIFIED;
		}
		if ("bypass".equals(fwd)) {
			return CacheOutcome.BYPASS;
		}
		// uri-miss, vary-miss, request, miss; and the 504 of only-if-cached.
		return CacheOutcome.MISS;
	}

	/**
	 * The name of the cache that wrote a {@code Cache-Status} value: its first member.
	 * @param cacheStatus the field value
	 * @return the cache name, or {@code null} when there is no value
	 */
	public static @Nullable String cacheName(@Nullable String cacheStatus) {
		if (cacheStatus == null || cacheStatus.isBlank()) {
			return null;
		}
		String name = cacheStatus.split("[;,]", 2)[0].trim();
		return name.isEmpty() ? null : name;
	}

}
