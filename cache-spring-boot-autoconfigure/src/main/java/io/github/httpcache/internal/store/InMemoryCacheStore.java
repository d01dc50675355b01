package io.github.httpcache.internal.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.store.CacheStore;

/**
 * A bounded in-process store on Caffeine ({@code com.github.ben-manes.caffeine:caffeine} must be on
 * the classpath). Entries are kept in the form a hit needs: the {@link CacheEntry} itself, its body
 * copied when stored (so a caller that reuses its buffer cannot change what is served) and never
 * encoded, compressed or decoded, so a hit costs a map lookup. The total is bounded by
 * {@code maxBytes} with a weigher that counts the body, the header strings and the bookkeeping as
 * held (uncompressed), evicting what Caffeine's W-TinyLFU policy finds least useful. Bodies handed
 * out are the stored arrays: the client adapters only read them (wrapped in a stream), and a store
 * user must not write into them either. Each entry lives as it would in Redis: its remaining freshness plus
 * {@code retainStale}, forever when it never expires, measured on the given clock.
 */
public final class InMemoryCacheStore implements CacheStore {

	/** Rough per-variant bookkeeping (map nodes, key strings, deadline) added to the weight. */
	private static final int OVERHEAD = 160;

	private final CacheEntryCodec codec;

	private final EntryLifetime lifetime;

	private final Clock clock;

	/** Request key to its variants. */
	private final Cache<String, Variants> entries;

	/** URL key to the request keys stored for it, for invalidation (RFC 9111 §4.4). */
	private final Map<String, Set<String>> urls = new ConcurrentHashMap<>();

	/** A store of at most {@code maxBytes} that keeps expired entries for an hour, on the system clock. */
	public InMemoryCacheStore(long maxBytes) {
		this(maxBytes, Duration.ofHours(1), Clock.systemUTC());
	}

	/**
	 * A store of at most {@code maxBytes}.
	 * @param maxBytes the largest total size of what is held
	 * @param retainStale how long an entry is kept past its expiry
	 * @param clock the clock lifetimes are measured on
	 */
	public InMemoryCacheStore(long maxBytes, Duration retainStale, Clock clock) {
		this(maxBytes, retainStale, clock, new CacheEntryCodec());
	}

	/**
	 * A store of at most {@code maxBytes} that holds no body longer than the codec's largest body.
	 * @param maxBytes the largest total size of what is held
	 * @param retainStale how long an entry is kept past its expiry
	 * @param clock the clock lifetimes are measured on
	 * @param codec its largest body ({@code http.cache.max-entry-size}) bounds what is held; entries are
	 * kept decoded, so it encodes nothing
	 */
	public InMemoryCacheStore(long maxBytes, Duration retainStale, Clock clock, CacheEntryCodec codec) {
		if (maxBytes <= 0) {
			throw new IllegalArgumentException("'maxBytes' must be positive");
		}
		this.codec = codec;
		this.lifetime = new EntryLifetime(retainStale);
		this.clock = clock;
		this.entries = Caffeine.newBuilder()
			.maximumWeight(maxBytes)
			.weigher((String requestKey, Variants variants) -> variants.weight())
			.expireAfter(new VariantsExpiry())
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.executor(Runnable::run)
			.removalListener((String requestKey, Variants variants, RemovalCause cause) -> {
				if (requestKey != null && variants != null && cause != RemovalCause.REPLACED) {
					forget(variants.urlKey(), requestKey);
				}
			})
			.build();
	}

	@Override
	public List<CacheEntry> get(CacheKey key) {
		Variants variants = this.entries.getIfPresent(key.requestKey());
		if (variants == null) {
			return List.of();
		}
		long now = this.clock.millis();
		if (variants.values().size() == 1) {
			Stored only = variants.values().values().iterator().next();
			return only.isLive(now) ? List.of(only.entry()) : List.of();
		}
		List<CacheEntry> live = new ArrayList<>(variants.values().size());
		variants.values().forEach((variantKey, stored) -> {
			if (stored.isLive(now)) {
				live.add(stored.entry());
			}
		});
		return live;
	}

	@Override
	public void put(CacheKey key, CacheEntry entry) {
		Instant now = this.clock.instant();
		Duration ttl = this.lifetime.timeToLive(entry, now);
		if (entry.body().length > this.codec.maxBodySize()) {
			// What the Redis store's reader would refuse is not held here either.
			return;
		}
		CacheEntry copy = new CacheEntry(entry.requestKey(), entry.url(), entry.method(), entry.status(), entry.headers(),
				entry.body().clone(), entry.varyValues(), entry.requestTime(), entry.responseTime(), entry.expires(),
				entry.created());
		Stored stored = new Stored(copy, weigh(copy), (ttl != null) ? now.toEpochMilli() + ttl.toMillis() : null);
		this.entries.asMap().compute(key.requestKey(), (requestKey, current) -> {
			long nowMillis = now.toEpochMilli();
			Map<String, Stored> values = new LinkedHashMap<>();
			if (current != null) {
				current.values().forEach((variantKey, old) -> {
					if (old.isLive(nowMillis)) {
						values.put(variantKey, old);
					}
				});
			}
			values.put(entry.variantKey(), stored);
			return new Variants(key.urlKey(), Map.copyOf(values));
		});
		// After the write: replacing an expired value notifies its removal, which forgets the request key.
		this.urls.computeIfAbsent(key.urlKey(), (k) -> ConcurrentHashMap.newKeySet()).add(key.requestKey());
	}

	@Override
	public void evictUrl(String urlKey) {
		Set<String> requestKeys = this.urls.remove(urlKey);
		if (requestKeys != null) {
			this.entries.invalidateAll(requestKeys);
		}
	}

	/**
	 * Every live entry stored for the URL key, whatever its method, credentials or variant (the
	 * actuator endpoint's {@code CacheStore#entriesForUrl}); unreadable entries are left out.
	 * @param urlKey the URL key
	 * @return the entries
	 */
	@Override
	public List<CacheEntry> entriesForUrl(String urlKey) {
		long now = this.clock.millis();
		List<CacheEntry> live = new ArrayList<>();
		for (String requestKey : this.urls.getOrDefault(urlKey, Set.of())) {
			Variants variants = this.entries.getIfPresent(requestKey);
			if (variants != null) {
				variants.values().values().stream().filter((stored) -> stored.isLive(now)).forEach((stored) -> live.add(stored.entry()));
			}
		}
		return live;
	}

	@Override
	public void clear() {
		this.entries.invalidateAll();
		this.urls.clear();
	}

	@Override
	public void forEachUrlKey(java.util.function.Consumer<String> action) {
		List.copyOf(this.urls.keySet()).forEach(action);
	}

	/** Bytes held (the weight Caffeine bounds), for the actuator endpoint and tests. */
	public long size() {
		this.entries.cleanUp();
		return this.entries.policy().eviction().map((eviction) -> eviction.weightedSize().orElse(0)).orElse(0L);
	}

	private void forget(String urlKey, String requestKey) {
		this.urls.computeIfPresent(urlKey, (k, requestKeys) -> {
			requestKeys.remove(requestKey);
			return requestKeys.isEmpty() ? null : requestKeys;
		});
	}

	/** What an entry holds: its body, its strings (two bytes a char) and the objects around them. */
	private static int weigh(CacheEntry entry) {
		long chars = entry.requestKey().length() + entry.url().length() + entry.method().length();
		chars += entry.headers().toString().length() + entry.varyValues().toString().length();
		return (int) Math.min(Integer.MAX_VALUE, entry.body().length + 2 * chars + 4L * OVERHEAD);
	}

	/**
	 * One variant, as a hit serves it, and when it stops being kept.
	 *
	 * @param entry the entry, its body a copy of the one stored
	 * @param weight what it holds, in bytes
	 * @param deadline epoch millis past which it is gone, or {@code null} for never
	 */
	private record Stored(CacheEntry entry, int weight, @Nullable Long deadline) {

		boolean isLive(long now) {
			return this.deadline == null || now < this.deadline;
		}

	}

	/**
	 * The variants of one request key.
	 *
	 * @param urlKey the URL they belong to
	 * @param values variant key to stored variant
	 */
	private record Variants(String urlKey, Map<String, Stored> values) {

		int weight() {
			long weight = 0;
			for (Stored stored : this.values.values()) {
				weight += stored.weight() + OVERHEAD;
			}
			return (int) Math.min(Integer.MAX_VALUE, weight);
		}

		/** The latest deadline of its variants; {@code null} when one of them is kept forever. */
		@Nullable Long deadline() {
			long latest = Long.MIN_VALUE;
			for (Stored stored : this.values.values()) {
				if (stored.deadline() == null) {
					return null;
				}
				latest = Math.max(latest, stored.deadline());
			}
			return latest;
		}

	}

	/** Keeps a request key as long as its longest-lived variant, as Redis does with its index. */
	private final class VariantsExpiry implements Expiry<String, Variants> {

		@Override
		public long expireAfterCreate(String requestKey, Variants variants, long currentTime) {
			return nanosLeft(variants);
		}

		@Override
		public long expireAfterUpdate(String requestKey, Variants variants, long currentTime, long currentDuration) {
			return nanosLeft(variants);
		}

		@Override
		public long expireAfterRead(String requestKey, Variants variants, long currentTime, long currentDuration) {
			return currentDuration;
		}

		private long nanosLeft(Variants variants) {
			Long deadline = variants.deadline();
			if (deadline == null) {
				return Long.MAX_VALUE;
			}
			return TimeUnit.MILLISECONDS.toNanos(Math.max(0, deadline - InMemoryCacheStore.this.clock.millis()));
		}

	}

}
