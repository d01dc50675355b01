package io.github.httpcache.internal.store;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.Lookup;

/**
 * A {@link CacheStore} with a {@link NearCache} in front: a lookup the near tier can answer makes no
 * call to the store; any other lookup reads the store and fills the near tier. This instance's own
 * writes, evictions and clears drop its near copy at once (before and after the store call), without
 * waiting for the invalidation channel to echo them; every other change reaches the near tier through
 * that channel. Everything else goes to the store unchanged.
 */
public final class NearCacheStore implements CacheStore {

	private final CacheStore store;

	private final NearCache near;

	public NearCacheStore(CacheStore store, NearCache near) {
		this.store = store;
		this.near = near;
	}

	/**
	 * The store with the near tier in front when there is one, else the store itself.
	 * @param store the shared store
	 * @param near the near tier, or {@code null} when {@code http.cache.near.enabled} is off
	 * @return what the engine should use
	 */
	public static CacheStore decorate(CacheStore store, @Nullable NearCache near) {
		return (near != null && store instanceof RedisCacheStore) ? new NearCacheStore(store, near) : store;
	}

	/**
	 * The store behind a near tier, for what describes the store (the endpoint, the health contributor).
	 * @param store a store, with or without a near tier in front
	 * @return the store itself when it has none
	 */
	public static CacheStore unwrap(CacheStore store) {
		return (store instanceof NearCacheStore near) ? near.store : store;
	}

	/** The store behind the near tier. */
	public CacheStore store() {
		return this.store;
	}

	public NearCache near() {
		return this.near;
	}

	@Override
	public List<CacheEntry> get(CacheKey key) {
		return lookup(key).entries();
	}

	@Override
	public Lookup lookup(CacheKey key) {
		Lookup kept = this.near.get(key);
		if (kept != null) {
			return kept;
		}
		NearCache.Ticket ticket = this.near.ticket(key.urlKey());
		Lookup found = this.store.lookup(key);
		this.near.fill(key, found, ticket);
		return found;
	}

	@Override
	public long generation(String urlKey) {
		return this.store.generation(urlKey);
	}

	@Override
	public void put(CacheKey key, CacheEntry entry) {
		put(key, entry, ANY_GENERATION);
	}

	@Override
	public boolean put(CacheKey key, CacheEntry entry, long generation) {
		this.near.invalidate(key.urlKey());
		try {
			return this.store.put(key, entry, generation);
		}
		finally {
			// A lookup may have refilled the old entry while the write was in flight.
			this.near.invalidate(key.urlKey());
		}
	}

	@Override
	public boolean freshen(CacheKey key, CacheEntry entry, long generation) {
		this.near.invalidate(key.urlKey());
		try {
			return this.store.freshen(key, entry, generation);
		}
		finally {
			this.near.invalidate(key.urlKey());
		}
	}

	@Override
	public void evictUrl(String urlKey) {
		this.near.invalidate(urlKey);
		try {
			this.store.evictUrl(urlKey);
		}
		finally {
			this.near.invalidate(urlKey);
		}
	}

	@Override
	public List<CacheEntry> entriesForUrl(String urlKey) {
		return this.store.entriesForUrl(urlKey);
	}

	@Override
	public void clear() {
		this.near.invalidateAll();
		try {
			this.store.clear();
		}
		finally {
			this.near.invalidateAll();
		}
	}

	@Override
	public byte[] keySecret(byte[] candidate) {
		return this.store.keySecret(candidate);
	}

	@Override
	public void forEachUrlKey(Consumer<String> action) {
		this.store.forEachUrlKey(action);
	}

	@Override
	public boolean tryLease(CacheKey key, String owner, Duration ttl) {
		return this.store.tryLease(key, owner, ttl);
	}

	@Override
	public void releaseLease(CacheKey key, String owner) {
		this.store.releaseLease(key, owner);
	}

}
