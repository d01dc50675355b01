package io.github.httpcache.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.httpcache.internal.store.NearCache;

/**
 * Counts lookups through the near tier ({@code http.cache.near.enabled}) in {@value #NEAR_REQUESTS},
 * tagged {@code result} = {@code hit} (answered in process, no call to Redis) or {@code miss} (the
 * lookup went to Redis, including while the tier is suspended), and {@code cache}. Both series are
 * registered at construction, at zero.
 */
public final class NearCacheMetrics implements NearCache.Listener {

	/** Name of the counter of near lookups. */
	public static final String NEAR_REQUESTS = "http.client.cache.near.requests";

	private final Counter hits;

	private final Counter misses;

	/**
	 * Registers the counter's two series.
	 * @param registry where the meters live
	 * @param cacheName the value of the {@code cache} tag
	 */
	public NearCacheMetrics(MeterRegistry registry, String cacheName) {
		this.hits = counter(registry, cacheName, "hit");
		this.misses = counter(registry, cacheName, "miss");
	}

	private static Counter counter(MeterRegistry registry, String cacheName, String result) {
		return Counter.builder(NEAR_REQUESTS)
			.description("Lookups through the HTTP client cache's in-process near tier, by whether it answered")
			.tag("cache", cacheName)
			.tag("result", result)
			.register(registry);
	}

	@Override
	public void lookedUp(boolean hit) {
		(hit ? this.hits : this.misses).increment();
	}

}
