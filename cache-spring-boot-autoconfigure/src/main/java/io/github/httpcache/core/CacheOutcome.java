package io.github.httpcache.core;

import java.util.Locale;

/** What the cache did for one caller request; the {@code result} tag of {@code http.client.cache.requests}. */
public enum CacheOutcome {

	/** Served from the store; the origin was not contacted. */
	HIT,

	/** Served a stale entry (for example within {@code max-stale}). */
	STALE,

	/** An expired entry was revalidated and the origin answered 304. */
	REVALIDATED,

	/** An expired entry was revalidated and the origin sent a new response. */
	MODIFIED,

	/** Nothing usable was stored; the origin answered. */
	MISS,

	/** The request was not eligible for caching. */
	BYPASS,

	/** The cache or the origin failed. */
	ERROR;

	/** The tag value: the lower-case name. */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
