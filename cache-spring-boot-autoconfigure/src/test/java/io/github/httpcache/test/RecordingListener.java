package io.github.httpcache.test;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.httpcache.client.HttpCacheListener;
import io.github.httpcache.core.CacheOutcome;

/**
 * The one listener tests register to see what the cache reported: each request outcome, each
 * revalidation, each store call, in the order they were heard, and as "kind value" lines
 * ({@code request miss}, {@code revalidation not_modified}, {@code store get success}) so two clients'
 * event streams compare as lists.
 */
public final class RecordingListener implements HttpCacheListener {

	private final List<CacheOutcome> requests = new CopyOnWriteArrayList<>();

	private final List<RevalidationOutcome> revalidations = new CopyOnWriteArrayList<>();

	private final List<String> storeCalls = new CopyOnWriteArrayList<>();

	private final List<String> events = new CopyOnWriteArrayList<>();

	@Override
	public void onRequest(CacheOutcome outcome) {
		this.requests.add(outcome);
		this.events.add("request " + outcome.name().toLowerCase(Locale.ROOT));
	}

	@Override
	public void onRevalidation(RevalidationOutcome outcome) {
		this.revalidations.add(outcome);
		this.events.add("revalidation " + outcome.tagValue());
	}

	@Override
	public void onStoreOperation(StoreOperation operation, StoreOutcome outcome, Duration duration) {
		this.storeCalls.add(operation.tagValue() + "/" + outcome.tagValue());
		this.events.add("store " + operation.tagValue() + " " + outcome.tagValue());
	}

	/** Each request's outcome, in order. */
	public List<CacheOutcome> requests() {
		return List.copyOf(this.requests);
	}

	/** Each revalidation's outcome, in order. */
	public List<RevalidationOutcome> revalidations() {
		return List.copyOf(this.revalidations);
	}

	/** Every event as a "kind value" line, in order. */
	public List<String> events() {
		return List.copyOf(this.events);
	}

	/** Store calls counted by "operation/outcome" ({@code get/success}), sorted by name. */
	public Map<String, Long> storeCallCounts() {
		Map<String, Long> counts = new TreeMap<>();
		this.storeCalls.forEach((call) -> counts.merge(call, 1L, Long::sum));
		return counts;
	}

	/** Forgets everything heard so far. */
	public void clear() {
		this.requests.clear();
		this.revalidations.clear();
		this.storeCalls.clear();
		this.events.clear();
	}

}
