package io.github.httpcache.autoconfigure;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.github.httpcache.client.HttpCacheListener;
import io.github.httpcache.core.CacheOutcome;

/**
 * Counts the engine's events since start-up for the actuator endpoint, so that it shows counters
 * whether or not Micrometer is present.
 */
final class HttpCacheCounters implements HttpCacheListener {

	private final Map<CacheOutcome, LongAdder> requests = new EnumMap<>(CacheOutcome.class);

	private final Map<RevalidationOutcome, LongAdder> revalidations = new EnumMap<>(RevalidationOutcome.class);

	private final Map<StoreOutcome, LongAdder> storeCalls = new EnumMap<>(StoreOutcome.class);

	HttpCacheCounters() {
		for (CacheOutcome outcome : CacheOutcome.values()) {
			this.requests.put(outcome, new LongAdder());
		}
		for (RevalidationOutcome outcome : RevalidationOutcome.values()) {
			this.revalidations.put(outcome, new LongAdder());
		}
		for (StoreOutcome outcome : StoreOutcome.values()) {
			this.storeCalls.put(outcome, new LongAdder());
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
	public void onStoreOperation(StoreOperation operation, StoreOutcome outcome, java.time.Duration duration) {
		this.storeCalls.get(outcome).increment();
	}

	/** Caller requests by {@code result} tag value. */
	Map<String, Long> requests() {
		Map<String, Long> counts = new LinkedHashMap<>();
		this.requests.forEach((outcome, count) -> counts.put(outcome.tagValue(), count.sum()));
		return counts;
	}

	/** Revalidations by {@code outcome} tag value. */
	Map<String, Long> revalidations() {
		Map<String, Long> counts = new LinkedHashMap<>();
		this.revalidations.forEach((outcome, count) -> counts.put(outcome.tagValue(), count.sum()));
		return counts;
	}

	/** Store calls by {@code outcome} tag value. */
	Map<String, Long> storeCalls() {
		Map<String, Long> counts = new LinkedHashMap<>();
		this.storeCalls.forEach((outcome, count) -> counts.put(outcome.tagValue(), count.sum()));
		return counts;
	}

}
