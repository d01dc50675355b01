package io.github.httpcache.autoconfigure;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Names and builds the observation of one store call, {@value #NAME}: low-cardinality keys
 * {@code cache} (the policy name), {@code operation} ({@code get}, {@code put}, {@code delete},
 * {@code lease}) and {@code outcome} ({@code success}, {@code error}, {@code timeout}), the values of the
 * {@code http.client.cache.store.latency} timer's tags.
 */
final class StoreObservations {

	/** Name of the observation of a store call. */
	static final String NAME = "http.client.cache.store";

	static final String OPERATION = "operation";

	static final String OUTCOME = "outcome";

	static final String GET = "get";

	static final String PUT = "put";

	static final String DELETE = "delete";

	static final String LEASE = "lease";

	static final String SUCCESS = "success";

	private final ObservationRegistry registry;

	private final String cacheName;

	StoreObservations(ObservationRegistry registry, String cacheName) {
		this.registry = registry;
		this.cacheName = cacheName;
	}

	/**
	 * A new observation of one call, not started.
	 * @param operation the operation
	 * @param parent the parent, or {@code null} for the registry's current observation
	 */
	Observation create(String operation, @Nullable Observation parent) {
		Observation observation = Observation.createNotStarted(NAME, this.registry)
			.contextualName("http-cache " + operation)
			.lowCardinalityKeyValue(KeyValue.of("cache", this.cacheName))
			.lowCardinalityKeyValue(KeyValue.of(OPERATION, operation));
		if (parent != null) {
			observation.parentObservation(parent);
		}
		return observation;
	}

	/** {@code timeout} when a cause is a timeout (as the store timer decides), else {@code error}. */
	static String outcome(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getClass().getSimpleName().contains("Timeout")) {
				return "timeout";
			}
		}
		return "error";
	}

}
