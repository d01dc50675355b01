package io.github.httpcache.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jspecify.annotations.Nullable;

/**
 * Collapses concurrent work on the same key within one JVM: the first caller for a key becomes the
 * leader and does the work; callers arriving while it runs get the leader's future to wait on.
 *
 * @param <T> what the work produces
 */
final class SingleFlight<T> {

	private final ConcurrentMap<String, CompletableFuture<T>> inFlight = new ConcurrentHashMap<>();

	/**
	 * Joins the flight for a key.
	 * @return {@code null} when the caller is the leader and must do the work, then call
	 * {@link #complete} or {@link #fail}; otherwise the leader's future
	 */
	@Nullable CompletableFuture<T> join(String key) {
		CompletableFuture<T> mine = new CompletableFuture<>();
		CompletableFuture<T> existing = this.inFlight.putIfAbsent(key, mine);
		return existing;
	}

	void complete(String key, @Nullable T result) {
		CompletableFuture<T> future = this.inFlight.remove(key);
		if (future != null) {
			future.complete(result);
		}
	}

	void fail(String key, Throwable failure) {
		CompletableFuture<T> future = this.inFlight.remove(key);
		if (future != null) {
			future.completeExceptionally(failure);
		}
	}

	int size() {
		return this.inFlight.size();
	}

}
