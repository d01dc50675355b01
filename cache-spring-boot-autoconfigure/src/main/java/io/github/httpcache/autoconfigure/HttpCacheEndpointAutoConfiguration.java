package io.github.httpcache.autoconfigure;

import io.github.httpcache.HttpCache;
import io.github.httpcache.client.HttpCacheEngine;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code httpcache} actuator endpoint ({@link HttpCacheEndpoint}) when
 * Actuator is on the classpath and the endpoint is enabled and exposed in the usual way
 * ({@code management.endpoints.web.exposure.include=httpcache}).
 */
@AutoConfiguration(after = HttpCacheAutoConfiguration.class,
		afterName = "org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration")
@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
		"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
@ConditionalOnBean(HttpCacheEngine.class)
public final class HttpCacheEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(HttpCacheEndpoint.class)
	HttpCacheCounters httpCacheCounters() {
		return new HttpCacheCounters();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	HttpCacheEndpoint httpCacheEndpoint(HttpCacheEngine httpCacheEngine, HttpCacheCounters httpCacheCounters,
			ObjectProvider<HttpCache> httpCache) {
		return new HttpCacheEndpoint(httpCacheEngine, httpCacheCounters,
				httpCache.getIfAvailable(() -> new HttpCache(httpCacheEngine)));
	}

}
