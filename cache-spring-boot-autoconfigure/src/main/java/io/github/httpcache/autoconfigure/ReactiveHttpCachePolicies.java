package io.github.httpcache.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.httpcache.client.CachingExchangeFilterFunction;

import org.springframework.http.client.reactive.ClientHttpConnector;

/** The named policies' WebClient filters; see {@link HttpCachePolicies}. */
final class ReactiveHttpCachePolicies {

	private final Map<String, CachingExchangeFilterFunction> filters;

	private final UnknownPolicies unknown;

	ReactiveHttpCachePolicies(Map<String, CachingExchangeFilterFunction> filters, UnknownPolicies unknown) {
		this.filters = Map.copyOf(filters);
		this.unknown = unknown;
	}

	/**
	 * A connector that caches each request under its policy ({@code defaults} for the default).
	 * @param connector the connector that sends what the cache does not answer
	 * @param defaults the default policy's filter
	 */
	ClientHttpConnector wrap(ClientHttpConnector connector, CachingExchangeFilterFunction defaults) {
		if (connector instanceof PolicyRoutingConnector) {
			return connector;
		}
		if (this.filters.isEmpty()) {
			return defaults.wrap(connector);
		}
		Map<String, ClientHttpConnector> named = new LinkedHashMap<>();
		this.filters.forEach((name, filter) -> named.put(name, filter.wrap(connector)));
		return new PolicyRoutingConnector(defaults.wrap(connector), named, this.unknown);
	}

}
