package io.github.httpcache.store;

import java.util.List;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;

/**
 * Where cached responses live. The contract every implementation keeps, and that
 * {@code CacheStoreContractTests} checks against each of them:
 * <ul>
 * <li>{@link #get} returns every stored variant of a request key in one call (one Redis round trip);
 * entries that cannot be read are dropped, logged and deleted, never thrown;</li>
 * <li>{@link #put} replaces the variant with the same {@link CacheEntry#variantKey()} and keeps the
 * others; an entry that can expire is kept for its freshness plus the store's retention window,
 * one that never expires is kept until evicted;</li>
 * <li>{@link #evictUrl} removes every entry of a URL, whatever its method, credentials or variant
 * (RFC 9111 §4.4);</li>
 * <li>{@link #entriesForUrl} returns every entry of a URL, as {@link #evictUrl} would remove them;</li>
 * <li>{@link #clear} removes only what this store wrote.</li>
 * </ul>
 * Failures surface as {@link CacheStoreException}; the engine turns them into misses.
 */
public interface CacheStore {

	/** Every stored variant for the key's request key, most recent first or in any order. */
	List<CacheEntry> get(CacheKey key);

	/** Stores the entry under the key, replacing the variant with the same variant key. */
	void put(CacheKey key, CacheEntry entry);

	/** Removes every entry stored for the URL key. */
	void evictUrl(String urlKey);

	/**
	 * Every entry stored for the URL key, whatever its method, credentials or variant; for the
	 * actuator endpoint, not for the request path.
	 */
	List<CacheEntry> entriesForUrl(String urlKey);

	/** Removes every entry this store holds. */
	void clear();

}
