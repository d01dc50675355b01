package io.github.httpcache.client;

import java.time.Duration;

import io.github.httpcache.core.CacheOutcome;

/**
 * Receives the engine's events: one per caller request, one per revalidation, one per store call.
 * Metrics, logs and the actuator endpoint read these; the engine never calls them itself. Implementations
 * must be fast and must not throw.
 */
public interface HttpCacheListener {

	/** Once per caller request, with what the cache did. */
	default void onRequest(CacheOutcome outcome) {
	}

	/** Once per conditional request sent to the origin to validate a stored entry. */
	default void onRevalidation(RevalidationOutcome outcome) {
	}

	/** Once per call to the store. */
	default void onStoreOperation(StoreOperation operation, StoreOutcome outcome, Duration duration) {
	}

	/** How a revalidation ended; the {@code outcome} tag of {@code http.client.cache.revalidations}. */
	enum RevalidationOutcome {

		/** The origin answered 304: the stored body was reused. */
		NOT_MODIFIED,

		/** The origin sent a new response. */
		MODIFIED,

		/** The revalidation failed. */
		ERROR;

		public String tagValue() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/** The {@code operation} tag of {@code http.client.cache.store.latency}. */
	enum StoreOperation {

		GET, PUT, DELETE;

		public String tagValue() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/** The {@code outcome} tag of {@code http.client.cache.store.latency}. */
	enum StoreOutcome {

		SUCCESS, ERROR, TIMEOUT;

		public String tagValue() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
