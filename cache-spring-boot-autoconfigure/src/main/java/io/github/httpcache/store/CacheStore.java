package io.github.httpcache.store;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.internal.store.RedisCacheStore;

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
 * <li>{@link #keySecret} returns the one secret that keys credential digests for every instance that
 * shares the store;</li>
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

	/** The generation a store without invalidation fences reports, and a write that checks none passes. */
	long ANY_GENERATION = -1;

	/**
	 * The generation of a request whose read failed, or whose lookup could not fence (an invalidation
	 * still pending, an unreadable value the lookup evicted; see {@link Lookup#UNFENCED}): not known, so
	 * the request must not write (what it fetched may predate an invalidation it could not see). Never
	 * sent to a store.
	 */
	long UNKNOWN_GENERATION = Long.MIN_VALUE;

	/** Every stored variant for the key's request key, most recent first or in any order. */
	List<CacheEntry> get(CacheKey key);

	/** Stores the entry under the key, replacing the variant with the same variant key. */
	void put(CacheKey key, CacheEntry entry);

	/** Removes every entry stored for the URL key. */
	void evictUrl(String urlKey);

	/**
	 * Every stored variant with the URL's current generation, for a write that may follow. Stores that
	 * keep no generations report {@link #ANY_GENERATION}.
	 * @param key the request's key
	 * @return the variants and the generation they were read at
	 */
	default Lookup lookup(CacheKey key) {
		return new Lookup(get(key), ANY_GENERATION);
	}

	/**
	 * The URL's current generation, for a request that writes without reading first (no-cache, a
	 * forced refresh).
	 * @param urlKey the URL key
	 * @return the generation, or {@link #ANY_GENERATION}
	 */
	default long generation(String urlKey) {
		return ANY_GENERATION;
	}

	/**
	 * Stores the entry unless the URL was invalidated since {@code generation} was read: the check and
	 * the write are one atomic step, so an invalidation is never undone by a response fetched before it.
	 * @param key the request's key
	 * @param entry the entry
	 * @param generation what {@link #lookup} or {@link #generation} returned for this request, or
	 * {@link #ANY_GENERATION} to write without the check
	 * @return whether the entry was stored
	 */
	default boolean put(CacheKey key, CacheEntry entry, long generation) {
		put(key, entry);
		return true;
	}

	/**
	 * Stores an entry freshened by a 304 (RFC 9111 §4.3.4): the same body as the stored variant, with
	 * new header fields and times. A store that keeps head and body apart rewrites only the head and its
	 * lifetime ({@link RedisCacheStore} sends the new head alone and keeps the body Redis holds); the
	 * default writes the whole entry, as {@link #put(CacheKey, CacheEntry, long)}.
	 * @param key the request's key
	 * @param entry the freshened entry; its body must be the stored variant's
	 * @param generation as for {@link #put(CacheKey, CacheEntry, long)}
	 * @return whether the entry was stored
	 */
	default boolean freshen(CacheKey key, CacheEntry entry, long generation) {
		return put(key, entry, generation);
	}

	/**
	 * Every entry stored for the URL key, whatever its method, credentials or variant; for the
	 * actuator endpoint, not for the request path.
	 */
	List<CacheEntry> entriesForUrl(String urlKey);

	/** Removes every entry this store holds. */
	void clear();

	/**
	 * The secret that keys credential digests, kept in the store so that every instance sharing it keys
	 * the same way: the one already kept, or {@code candidate} after keeping it when there was none. A
	 * store private to one process (the default) keeps nothing and returns {@code candidate}.
	 * @param candidate a freshly generated secret, kept if the store has none yet
	 * @return the secret to key with
	 * @throws CacheStoreException when the store cannot be reached; the caller tries again later
	 */
	default byte[] keySecret(byte[] candidate) {
		return candidate;
	}

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
