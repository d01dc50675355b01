package io.github.httpcache.autoconfigure;

import io.github.httpcache.client.CachingExchangeFilterFunction;
import io.github.httpcache.client.HttpCacheEngine;
import io.github.httpcache.internal.store.ReactiveRedisCacheStore;
import io.github.httpcache.internal.store.RedisCacheStore;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.ReactiveCacheStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * WebClient: a non-blocking filter over the same engine and entries. The filter reads and writes
 * through a {@link ReactiveCacheStore}: Lettuce's reactive API when the store is Redis and the
 * application has a {@link ReactiveRedisConnectionFactory}; otherwise the blocking store adapted,
 * on Reactor's bounded elastic scheduler (Jedis, a store of the application's own) or in place (in memory).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ WebClient.class, WebClientCustomizer.class, CodecCustomizer.class })
@Import(WebClientConfiguration.ReactiveRedisStoreConfiguration.class)
class WebClientConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CachingExchangeFilterFunction cachingExchangeFilterFunction(HttpCacheEngine httpCacheEngine,
			ObjectProvider<ReactiveCacheStore> reactiveHttpCacheStore, ObjectProvider<CodecCustomizer> codecCustomizers,
			ObjectProvider<CacheStoreDecorator> storeDecorators) {
		ReactiveCacheStore store = CacheStoreDecorator.decorate(storeDecorators.orderedStream().toList(),
				reactiveHttpCacheStore.getIfAvailable(
						() -> ReactiveCacheStore.adapt(CacheStoreDecorator.undecorated(httpCacheEngine.store()))),
				httpCacheEngine.policy().settings().cacheName());
		ExchangeStrategies strategies = ExchangeStrategies.builder()
			.codecs((codecs) -> codecCustomizers.orderedStream().forEach((customizer) -> customizer.customize(codecs)))
			.build();
		return new CachingExchangeFilterFunction(httpCacheEngine, store, strategies);
	}

	/**
	 * The cache sits in the connector, where a request leaves the client, so it keys on what filters
	 * and cookies the application adds later: Spring Boot's {@link ClientHttpConnector} and
	 * {@code ClientHttpConnectorBuilder} beans are wrapped. The filter added to the builder is only
	 * {@link CachingExchangeFilterFunction#connectorCheck()}, which warns once if the application
	 * replaced the connector (those requests are then not cached).
	 */
	@Bean
	static CachingConnectorPostProcessor httpCacheConnectorPostProcessor(
			ObjectProvider<CachingExchangeFilterFunction> filter, ObjectProvider<ReactiveHttpCachePolicies> policies) {
		return new CachingConnectorPostProcessor(filter, policies);
	}

	@Bean
	WebClientCustomizer httpCacheWebClientCustomizer(CachingExchangeFilterFunction filter) {
		return (builder) -> builder.filters((filters) -> {
			if (!filters.contains(filter.connectorCheck())) {
				filters.add(filter.connectorCheck());
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ReactiveRedisConnectionFactory.class)
	@ConditionalOnSingleCandidate(ReactiveRedisConnectionFactory.class)
	static class ReactiveRedisStoreConfiguration {

		/** Only when the store is Redis: the reactive store then shares its keys; any other store is adapted. */
		@Bean
		@ConditionalOnMissingBean
		ReactiveCacheStore reactiveHttpCacheStore(CacheStore httpCacheStore,
				ReactiveRedisConnectionFactory reactiveRedisConnectionFactory, HttpCacheProperties properties) {
			if (httpCacheStore instanceof RedisCacheStore redis) {
				return new ReactiveRedisCacheStore(redis, reactiveRedisConnectionFactory,
						properties.getRedis().getTimeout());
			}
			return ReactiveCacheStore.adapt(httpCacheStore);
		}

	}

}
