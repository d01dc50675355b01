package io.github.httpcache.autoconfigure;

import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationRegistry;

import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.ReactiveCacheStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Observations, when Micrometer's observation API is present: the cache's result on Spring's
 * {@code http.client.requests} observation (an {@link ObservationFilter}, which Spring Boot applies to
 * its registry), and one {@code http.client.cache.store} observation per store call (a
 * {@link CacheStoreDecorator}, applied where engines are built). Both do nothing without an
 * {@link ObservationRegistry} bean.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(ObservationRegistry.class)
class HttpCacheObservationConfiguration {

	@Bean
	CacheStoreDecorator httpCacheStoreObservations(ObjectProvider<ObservationRegistry> registry) {
		return new CacheStoreDecorator() {

			@Override
			public CacheStore decorate(CacheStore store, String cacheName) {
				ObservationRegistry observations = registry.getIfAvailable();
				return (observations == null || observations.isNoop()) ? store
						: new ObservedCacheStore(store, new StoreObservations(observations, cacheName));
			}

			@Override
			public ReactiveCacheStore decorate(ReactiveCacheStore store, String cacheName) {
				ObservationRegistry observations = registry.getIfAvailable();
				return (observations == null || observations.isNoop()) ? store
						: new ObservedReactiveCacheStore(store, new StoreObservations(observations, cacheName));
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.http.client.observation.ClientRequestObservationContext")
	static class BlockingClientObservationConfiguration {

		@Bean
		ObservationFilter httpCacheRestClientResultObservationFilter() {
			// Built here, not in CacheResultObservationFilter: each client's context type is named only in
			// the configuration that is conditional on it (a servlet application has no WebFlux classes).
			return new CacheResultObservationFilter<>(
					org.springframework.http.client.observation.ClientRequestObservationContext.class,
					(context) -> (context.getResponse() != null) ? context.getResponse().getHeaders() : null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.web.reactive.function.client.ClientRequestObservationContext")
	static class ReactiveClientObservationConfiguration {

		@Bean
		ObservationFilter httpCacheWebClientResultObservationFilter() {
			return new CacheResultObservationFilter<>(
					org.springframework.web.reactive.function.client.ClientRequestObservationContext.class,
					(context) -> (context.getResponse() != null) ? context.getResponse().headers().asHttpHeaders()
							: null);
		}

	}

}
