package io.github.httpcache.store;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

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
 * <li>{@link #clear} removes only what this store wrote;</li>
 * <li>{@link #forEachUrlKey} visits every URL key held, in bounded batches, for administration (the
 * {@code HttpCache} bean); a store that cannot list its URLs may leave it unsupported;</li>
 * <li>{@link #tryLease} grants a request key's fetch lease to one owner at a time until it is released
 * or its time runs out; a store shared by several instances may implement it so that one instance
 * fetches while the others wait for the entry ({@code http.cache.collapse=redis}). A store without
 * leases grants every call, so every instance fetches for itself.</li>
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

	/**
	 * Calls the action once for every URL key the store holds, walking it in bounded batches (Redis:
	 * {@code SCAN} with a cursor under the prefix, never {@code KEYS}). For administration
	 * ({@code HttpCache.evictMatching}, {@code deleteExpired}, {@code resetExpiration}), never for the
	 * request path. Keys written or removed meanwhile may or may not be visited.
	 * @param action receives each URL key
	 * @throws UnsupportedOperationException when the store cannot list its URLs (the default)
	 */
	default void forEachUrlKey(Consumer<String> action) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot list the URLs it holds");
	}

	/**
	 * Tries to take the lease to fetch the response for the key's request key.
	 * @param key the request's key
	 * @param owner a value unique to the caller, needed to release the lease
	 * @param ttl how long the lease lasts if it is never released
	 * @return whether the caller now holds the lease; always {@code true} for stores without leases
	 */
	default boolean tryLease(CacheKey key, String owner, Duration ttl) {
		return true;
	}

	/** Releases the key's lease if {@code owner} still holds it; a lease taken by another owner stays. */
	default void releaseLease(CacheKey key, String owner) {
	}

}
