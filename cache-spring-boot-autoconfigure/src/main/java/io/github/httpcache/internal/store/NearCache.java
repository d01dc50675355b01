package io.github.httpcache.internal.store;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.Lookup;

/**
 * The in-process tier in front of a shared store ({@code http.cache.near.*}): what lookups in Redis
 * found, kept in a Caffeine cache bounded by bytes, so that a repeated hit makes no network call. It
 * keeps lookups, not decisions: the engine decides freshness from the entry's own times, exactly as for
 * an entry just read from Redis, so a near hit and a Redis hit give the same answer.
 * <p>
 * <b>It never serves what it could not hear about.</b> It answers only while it is <em>open</em>, that
 * is while an invalidation channel ({@link RedisInvalidationChannel}) is known to deliver every change
 * Redis makes under the prefix; {@link #suspend()} (the channel broke) empties it and makes every lookup
 * go to Redis until {@link #open()}. A fill races with invalidations: a lookup takes a {@link Ticket}
 * before it reads Redis, and its result is kept only if no invalidation of its URL (nor a suspension)
 * came in between; so an invalidation that arrives while a fill is in flight always wins. The URL
 * versions are striped (a fixed array indexed by the URL key's hash): two URLs sharing a stripe only
 * cost each other a fill, never correctness, and memory stays bounded.
 */
public final class NearCache {

	/** How a near lookup went, for the {@code http.client.cache.near.requests} meter. */
	@FunctionalInterface
	public interface Listener {

		/**
		 * One lookup through the near tier.
		 * @param hit whether the near tier answered it (a bypass while suspended is a miss)
		 */
		void lookedUp(boolean hit);

		/** A listener that records nothing. */
		Listener NONE = (hit) -> {
		};

	}

	/** Rough bookkeeping per kept variant (map nodes, key strings, times), added to its weight. */
	private static final int OVERHEAD = 256;

	private static final int STRIPES = 4096;

	private final Cache<String, Kept> lookups;

	private final AtomicLongArray versions = new AtomicLongArray(STRIPES);

	/** Moves on every suspension and full invalidation; what was kept under an older epoch is never served. */
	private final AtomicLong epoch = new AtomicLong();

	private volatile boolean open;

	private final Listener listener;

	/**
	 * @param maxBytes the bound on the bytes kept (bodies, headers and bookkeeping)
	 * @param listener told of every lookup
	 */
	public NearCache(long maxBytes, Listener listener) {
		if (maxBytes < 0) {
			throw new IllegalArgumentException("'maxBytes' must not be negative");
		}
		this.listener = listener;
		this.lookups = Caffeine.newBuilder()
			.maximumWeight(maxBytes)
			.weigher((String urlKey, Kept kept) -> kept.weight)
			.build();
	}

	/** Whether the near tier answers lookups now (its invalidation channel is established). */
	public boolean isOpen() {
		return this.open;
	}

	/** The channel is established: from now on every change reaches {@link #invalidate}. */
	public void open() {
		this.epoch.incrementAndGet();
		this.lookups.invalidateAll();
		this.open = true;
	}

	/** The channel broke: forget everything and bypass until {@link #open()}. */
	public void suspend() {
		this.open = false;
		invalidateAll();
	}

	/**
	 * What the near tier holds for the key, or {@code null} when the lookup must go to the store.
	 * @param key the request's key
	 * @return the lookup, {@linkplain Lookup#near() marked} as answered here, or {@code null}
	 */
	public @Nullable Lookup get(CacheKey key) {
		Lookup found = null;
		if (this.open) {
			Kept kept = this.lookups.getIfPresent(key.urlKey());
			if (kept != null && kept.epoch == this.epoch.get() && this.open) {
				found = kept.byRequestKey.get(key.requestKey());
			}
		}
		this.listener.lookedUp(found != null);
		return found;
	}

	/**
	 * Taken before a lookup reads the store, and handed back to {@link #fill}.
	 * @param urlKey the URL key the lookup reads
	 * @return the ticket
	 */
	public Ticket ticket(String urlKey) {
		// Epoch first: a suspension between the two reads moves the epoch, and the fill is refused.
		long epoch = this.epoch.get();
		return new Ticket(this.versions.get(stripe(urlKey)), epoch, this.open);
	}

	/**
	 * Keeps what a lookup in the store found, unless its URL was invalidated (or the tier suspended)
	 * since the ticket was taken. Lookups that found nothing or cannot fence a write are not kept.
	 * @param key the request's key
	 * @param found what the store returned
	 * @param ticket what {@link #ticket} returned before the store was read
	 */
	public void fill(CacheKey key, Lookup found, Ticket ticket) {
		if (!ticket.open || found.entries().isEmpty() || found.generation() == CacheStore.UNKNOWN_GENERATION) {
			return;
		}
		Lookup near = found.fromNear();
		int stripe = stripe(key.urlKey());
		// compute() runs under the map's lock for this URL key, as invalidate()'s remove does, so an
		// invalidation either moved the version before this check or removes what this inserts.
		this.lookups.asMap().compute(key.urlKey(), (urlKey, kept) -> {
			if (!this.open || this.versions.get(stripe) != ticket.version || this.epoch.get() != ticket.epoch) {
				return kept;
			}
			Map<String, Lookup> byRequestKey = new HashMap<>();
			if (kept != null && kept.epoch == ticket.epoch) {
				byRequestKey.putAll(kept.byRequestKey);
			}
			byRequestKey.put(key.requestKey(), near);
			return new Kept(Map.copyOf(byRequestKey), ticket.epoch);
		});
	}

	/**
	 * Drops what is kept for the URL, and refuses the fills in flight for it.
	 * @param urlKey the URL key
	 */
	public void invalidate(String urlKey) {
		this.versions.incrementAndGet(stripe(urlKey));
		this.lookups.invalidate(urlKey);
	}

	/** Drops everything kept, and refuses every fill in flight (Redis flushed, the store cleared). */
	public void invalidateAll() {
		this.epoch.incrementAndGet();
		this.lookups.invalidateAll();
	}

	/** Bytes kept (the weight Caffeine bounds), for tests and the endpoint. */
	public long weightedSize() {
		this.lookups.cleanUp();
		return this.lookups.policy().eviction().map((eviction) -> eviction.weightedSize().orElse(0)).orElse(0L);
	}

	/** URLs kept, for tests. */
	public long size() {
		this.lookups.cleanUp();
		return this.lookups.estimatedSize();
	}

	private static int stripe(String urlKey) {
		int hash = urlKey.hashCode();
		return (hash ^ (hash >>> 16)) & (STRIPES - 1);
	}

	/**
	 * The state a fill must still find to be kept.
	 * @param version the URL's stripe version
	 * @param epoch the tier's epoch
	 * @param open whether the tier was open
	 */
	public record Ticket(long version, long epoch, boolean open) {
	}

	/** The lookups kept for one URL, by request key. */
	private static final class Kept {

		final Map<String, Lookup> byRequestKey;

		final long epoch;

		final int weight;

		Kept(Map<String, Lookup> byRequestKey, long epoch) {
			this.byRequestKey = byRequestKey;
			this.epoch = epoch;
			long bytes = 0;
			for (Lookup lookup : byRequestKey.values()) {
				for (CacheEntry entry : lookup.entries()) {
					bytes += OVERHEAD + entry.body().length + 2L * entry.headers().toString().length()
							+ 2L * entry.url().length();
				}
			}
			this.weight = (int) Math.min(Integer.MAX_VALUE, bytes);
		}

	}

}
