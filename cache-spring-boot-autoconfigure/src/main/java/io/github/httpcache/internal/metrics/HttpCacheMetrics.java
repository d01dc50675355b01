package io.github.httpcache.internal.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.github.httpcache.client.HttpCacheListener;
import io.github.httpcache.core.CacheOutcome;

/**
 * Records the engine's events as Micrometer meters, each tagged with the cache name and a
 * low-cardinality outcome (never a URL or a host):
 * <ul>
 * <li>{@value #REQUESTS} (counter), tag {@code result}: one per caller request;</li>
 * <li>{@value #REVALIDATIONS} (counter), tag {@code outcome}: one per conditional request sent to
 * validate a stored entry;</li>
 * <li>{@value #STORE_LATENCY} (timer), tags {@code operation} and {@code outcome}: one per store call.</li>
 * </ul>
 * Every series is registered at construction, at zero, so dashboards and alerts see it before the
 * first event.
 */
public final class HttpCacheMetrics implements HttpCacheListener {

	/** Name of the counter of caller requests. */
	public static final String REQUESTS = "http.client.cache.requests";

	/** Name of the counter of revalidations. */
	public static final String REVALIDATIONS = "http.client.cache.revalidations";

	/** Name of the timer of store calls. */
	public static final String STORE_LATENCY = "http.client.cache.store.latency";

	private final Map<CacheOutcome, Counter> requests = new EnumMap<>(CacheOutcome.class);

	private final Map<RevalidationOutcome, Counter> revalidations = new EnumMap<>(RevalidationOutcome.class);

	private final Map<StoreOperation, Map<StoreOutcome, Timer>> storeCalls = new EnumMap<>(StoreOperation.class);

	/**
	 * Registers every meter of the cache in the registry.
	 * @param registry where the meters live
	 * @param cacheName the value of the {@code cache} tag
	 */
	public HttpCacheMetrics(MeterRegistry registry, String cacheName) {
		if (registry == null) {
			throw new IllegalArgumentException("'registry' must not be null");
		}
		if (cacheName == null || cacheName.isBlank()) {
			throw new IllegalArgumentException("'cacheName' must not be empty");
		}
		for (CacheOutcome outcome : CacheOutcome.values()) {
			this.requests.put(outcome, Counter.builder(REQUESTS)
				.description("Requests through the HTTP client cache, by what the cache did")
				.tag("cache", cacheName)
				.tag("result", outcome.tagValue())
				.register(registry));
		}
		for (RevalidationOutcome outcome : RevalidationOutcome.values()) {
			this.revalidations.put(outcome, Counter.builder(REVALIDATIONS)
				.description("Conditional requests sent to the origin to validate a stored response, by outcome")
				.tag("cache", cacheName)
				.tag("outcome", outcome.tagValue())
				.register(registry));
		}
		for (StoreOperation operation : StoreOperation.values()) {
			Map<StoreOutcome, Timer> timers = new EnumMap<>(StoreOutcome.class);
			for (StoreOutcome outcome : StoreOutcome.values()) {
				timers.put(outcome, Timer.builder(STORE_LATENCY)
					.description("Time taken by calls to the HTTP client cache's store")
					.tag("cache", cacheName)
					.tag("operation", operation.tagValue())
					.tag("outcome", outcome.tagValue())
					.register(registry));
			}
			this.storeCalls.put(operation, timers);
		}
	}

	@Override
	public void onRequest(CacheOutcome outcome) {
		this.requests.get(outcome).increment();
	}

	@Override
	public void onRevalidation(RevalidationOutcome outcome) {
		this.revalidations.get(outcome).increment();
	}

	@Override
	public void onStoreOperation(StoreOperation operation, StoreOutcome outcome, Duration duration) {
		this.storeCalls.get(operation).get(outcome).record(duration);
	}

}
