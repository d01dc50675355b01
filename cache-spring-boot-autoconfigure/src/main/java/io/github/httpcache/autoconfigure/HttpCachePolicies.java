package io.github.httpcache.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.httpcache.client.CachingClientHttpRequestInterceptor;
import io.github.httpcache.client.HttpCacheEngine;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * The named policies ({@code http.cache.clients.<name>}): one engine each, built from the default's
 * settings with the policy's on top, over the same store, its entries apart from every other policy's
 * (the policy name is a part of the request key; the URL key is shared, so an eviction or an
 * invalidation of a URL reaches every policy's entries). Empty when no policy is configured.
 */
final class HttpCachePolicies implements DisposableBean {

	private final Map<String, HttpCacheEngine> engines;

	private final Map<String, CachingClientHttpRequestInterceptor> interceptors = new LinkedHashMap<>();

	private final UnknownPolicies unknown;

	HttpCachePolicies(Map<String, HttpCacheEngine> engines) {
		this.engines = Map.copyOf(engines);
		engines.forEach((name, engine) -> this.interceptors.put(name, new CachingClientHttpRequestInterceptor(engine)));
		this.unknown = new UnknownPolicies(engines.keySet());
	}

	Map<String, HttpCacheEngine> engines() {
		return this.engines;
	}

	boolean isEmpty() {
		return this.engines.isEmpty();
	}

	UnknownPolicies unknown() {
		return this.unknown;
	}

	/**
	 * A request factory that caches each request under its policy ({@code defaults} for the default).
	 * @param requestFactory the factory that sends what the cache does not answer
	 * @param defaults the default policy's interceptor
	 */
	ClientHttpRequestFactory wrap(ClientHttpRequestFactory requestFactory, CachingClientHttpRequestInterceptor defaults) {
		if (requestFactory instanceof PolicyRoutingRequestFactory) {
			return requestFactory;
		}
		if (this.engines.isEmpty()) {
			return defaults.wrap(requestFactory);
		}
		Map<String, ClientHttpRequestFactory> named = new LinkedHashMap<>();
		this.interceptors.forEach((name, interceptor) -> named.put(name, interceptor.wrap(requestFactory)));
		return new PolicyRoutingRequestFactory(defaults.wrap(requestFactory), named, this.unknown);
	}

	@Override
	public void destroy() {
		this.engines.values().forEach(HttpCacheEngine::close);
	}

}
