package io.github.httpcache.internal.store;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheEntry;

/**
 * How long a store keeps an entry: its remaining freshness plus a retention window in which it can
 * still be revalidated (RFC 9111 §4.3) or served stale, so the store reclaims dead entries by itself.
 * Entries that never expire are kept until evicted for space.
 */
final class EntryLifetime {

	/** The shortest time to live given, so an entry written just as it expires is still readable. */
	static final Duration MINIMUM = Duration.ofSeconds(1);

	private final Duration retainStale;

	public EntryLifetime(Duration retainStale) {
		if (retainStale.isNegative()) {
			throw new IllegalArgumentException("'retainStale' must not be negative");
		}
		this.retainStale = retainStale;
	}

	/**
	 * The time to live of an entry stored now.
	 * @param entry the entry
	 * @param now the current time
	 * @return the time to live, at least {@link #MINIMUM}, or {@code null} when the entry never expires
	 */
	public @Nullable Duration timeToLive(CacheEntry entry, Instant now) {
		if (entry.expires() == null) {
			return null;
		}
		Duration ttl = Duration.between(now, entry.expires()).plus(this.retainStale);
		return (ttl.compareTo(MINIMUM) < 0) ? MINIMUM : ttl;
	}

	public Duration retainStale() {
		return this.retainStale;
	}

}
