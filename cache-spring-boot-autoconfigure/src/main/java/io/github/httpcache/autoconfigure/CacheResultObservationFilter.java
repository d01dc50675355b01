package io.github.httpcache.autoconfigure;

import java.util.function.Function;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheOutcome;
import io.github.httpcache.internal.core.CacheStatus;
import io.github.httpcache.internal.core.CacheStatusOutcome;

import org.springframework.http.HttpHeaders;

/**
 * Adds what the cache did to Spring's HTTP client observation ({@code http.client.requests}) as the
 * low-cardinality key {@value #KEY}, read back from the {@code Cache-Status} field the cache wrote on
 * the response, so it shows in the observation's timer and span. Every observation of the client kind
 * gets the key, as Prometheus wants one set of tag keys per meter: {@code error} when no response came
 * back, {@code bypass} when the response did not pass the cache.
 *
 * @param <C> the client's observation context
 */
final class CacheResultObservationFilter<C extends Observation.Context> implements ObservationFilter {

	/** The key on {@code http.client.requests}. */
	static final String KEY = "http.cache.result";

	private final Class<C> contextType;

	private final Function<C, @Nullable HttpHeaders> responseHeaders;

	CacheResultObservationFilter(Class<C> contextType, Function<C, @Nullable HttpHeaders> responseHeaders) {
		this.contextType = contextType;
		this.responseHeaders = responseHeaders;
	}

	@Override
	public Observation.Context map(Observation.Context context) {
		if (!this.contextType.isInstance(context)) {
			return context;
		}
		String result;
		try {
			HttpHeaders headers = this.responseHeaders.apply(this.contextType.cast(context));
			result = result((headers != null) ? headers.getFirst(CacheStatus.HEADER) : null, headers != null);
		}
		catch (RuntimeException ex) {
			// A response that cannot be read any more must not fail the caller's request.
			result = CacheOutcome.ERROR.tagValue();
		}
		context.addLowCardinalityKeyValue(KeyValue.of(KEY, result));
		return context;
	}

	static String result(@Nullable String cacheStatus, boolean responded) {
		CacheOutcome outcome = CacheStatusOutcome.of(cacheStatus);
		if (outcome != null) {
			return outcome.tagValue();
		}
		return (responded ? CacheOutcome.BYPASS : CacheOutcome.ERROR).tagValue();
	}

}
