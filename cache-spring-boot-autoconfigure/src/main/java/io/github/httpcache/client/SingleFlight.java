package io.github.httpcache.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLongArray;

import org.jspecify.annotations.Nullable;

/**
 * Collapses concurrent work on the same key within one JVM: the first caller for a key becomes the
 * leader and does the work; callers arriving while it runs get the leader's future to wait on.
 * <p>
 * A caller that looked something up before joining can miss a flight that completed in between and
 * lead a second one. {@link #stamp} closes that gap: take a stamp before the lookup; a leader whose
 * key's stamp has changed since should look again before doing the work.
 *
 * @param <T> what the work produces
 */
final class SingleFlight<T> {

	private static final int STRIPES = 1024;

	private final ConcurrentMap<String, CompletableFuture<@Nullable T>> inFlight = new ConcurrentHashMap<>();

	/** How many flights completed per stripe of keys; a collision only costs an extra lookup. */
	private final AtomicLongArray completions = new AtomicLongArray(STRIPES);

	/**
	 * Joins the flight for a key.
	 * @return {@code null} when the caller is the leader and must do the work, then call
	 * {@link #complete} or {@link #fail}; otherwise the leader's future
	 */
	@Nullable CompletableFuture<@Nullable T> join(String key) {
		CompletableFuture<@Nullable T> mine = new CompletableFuture<>();
		CompletableFuture<@Nullable T> existing = this.inFlight.putIfAbsent(key, mine);
		return existing;
	}

	/** Changes after every flight for the key completes; compare one taken before a lookup with one taken after joining. */
	long stamp(String key) {
		return this.completions.get(stripe(key));
	}

	void complete(String key, @Nullable T result) {
		// The stamp moves before the flight leaves the map: a caller that no longer finds the flight sees it moved.
		this.completions.incrementAndGet(stripe(key));
		CompletableFuture<@Nullable T> future = this.inFlight.remove(key);
		if (future != null) {
			future.complete(result);
		}
	}

	void fail(String key, Throwable failure) {
		this.completions.incrementAndGet(stripe(key));
		CompletableFuture<@Nullable T> future = this.inFlight.remove(key);
		if (future != null) {
			future.completeExceptionally(failure);
		}
	}

	int size() {
		return this.inFlight.size();
	}

	/** Keys may carry a generation after {@code '@'}; stamps count per request key, whatever the generation. */
	private static int stripe(String key) {
		int at = key.indexOf('@');
		return Math.floorMod(((at < 0) ? key : key.substring(0, at)).hashCode(), STRIPES);
	}

}
