package io.github.httpcache.internal.store;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Invalidations that could not reach Redis (a timeout, an open breaker): the URL keys this instance
 * must not serve until the eviction has been made. A lookup of such a URL first retries the eviction
 * and reads as a miss while it still fails; any store call retries the others at most once a second.
 * Bounded: past {@link #MAX} URLs one of them (in no particular order) is dropped, with a warning,
 * because the alternative is unbounded memory while Redis is away.
 */
final class PendingInvalidations {

	private static final Log logger = LogFactory.getLog(PendingInvalidations.class);

	static final int MAX = 10_000;

	private static final long RETRY_INTERVAL_NANOS = 1_000_000_000L;

	private final Map<String, Long> pending = new ConcurrentHashMap<>();

	private final AtomicLong lastRetry = new AtomicLong(System.nanoTime());

	void add(String urlKey) {
		if (this.pending.size() >= MAX) {
			Iterator<Map.Entry<String, Long>> any = this.pending.entrySet().iterator();
			if (any.hasNext()) {
				logger.warn("More than " + MAX + " invalidations could not reach Redis; forgetting one of them");
				any.next();
				any.remove();
			}
		}
		this.pending.put(urlKey, System.nanoTime());
	}

	boolean contains(String urlKey) {
		return !this.pending.isEmpty() && this.pending.containsKey(urlKey);
	}

	void done(String urlKey) {
		this.pending.remove(urlKey);
	}

	boolean isEmpty() {
		return this.pending.isEmpty();
	}

	/** The pending URL keys if a retry is due now (at most once a second), else none. */
	Set<String> dueForRetry() {
		if (this.pending.isEmpty()) {
			return Set.of();
		}
		long last = this.lastRetry.get();
		long now = System.nanoTime();
		if (now - last < RETRY_INTERVAL_NANOS || !this.lastRetry.compareAndSet(last, now)) {
			return Set.of();
		}
		return Set.copyOf(this.pending.keySet());
	}

}
