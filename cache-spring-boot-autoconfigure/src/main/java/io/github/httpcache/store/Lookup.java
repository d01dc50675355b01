package io.github.httpcache.store;

import java.util.List;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.internal.store.NearCacheStore;

/**
 * What a lookup found: the stored variants and the URL's generation when they were read. A write
 * made for the same request passes the generation back ({@link CacheStore#put(io.github.httpcache.core.CacheKey, CacheEntry, long)}),
 * and the store refuses it if the URL was invalidated in between, so a response fetched before an
 * invalidation is never stored after it.
 *
 * @param entries the readable variants, most recent first or in any order
 * @param generation the URL's generation, or {@link CacheStore#ANY_GENERATION} for a store that keeps none
 * @param near whether the near tier ({@link NearCacheStore}) answered it, without a call to Redis; the
 * engine adds {@code detail=near} to a hit's {@code Cache-Status}
 */
public record Lookup(List<CacheEntry> entries, long generation, boolean near) {

	/**
	 * A lookup answered by the store itself, not by a near tier.
	 * @param entries the readable variants
	 * @param generation the URL's generation, or {@link CacheStore#ANY_GENERATION}
	 */
	public Lookup(List<CacheEntry> entries, long generation) {
		this(entries, generation, false);
	}

	/** The same variants and generation, as answered by the near tier. */
	public Lookup fromNear() {
		return new Lookup(this.entries, this.generation, true);
	}

	/** Nothing found, in a store that keeps no generations. */
	public static final Lookup NONE = new Lookup(List.of(), CacheStore.ANY_GENERATION);

	/**
	 * Nothing usable, and no generation to fence a write with: an invalidation of the URL is still
	 * waiting to reach Redis, or the lookup met an unreadable value and evicted the URL itself. A write
	 * after it must not be made ({@link CacheStore#UNKNOWN_GENERATION}): with no check, a response
	 * fetched before a later invalidation would be stored after it.
	 */
	public static final Lookup UNFENCED = new Lookup(List.of(), CacheStore.UNKNOWN_GENERATION);

}
