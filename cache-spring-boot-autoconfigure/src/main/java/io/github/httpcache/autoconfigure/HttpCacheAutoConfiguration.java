package io.github.httpcache.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.httpcache.HttpCache;
import io.github.httpcache.autoconfigure.HttpCacheProperties.StoreType;
import io.github.httpcache.client.CachingClientHttpRequestInterceptor;
import io.github.httpcache.client.CachingExchangeFilterFunction;
import io.github.httpcache.client.HttpCacheEngine;
import io.github.httpcache.client.HttpCacheListener;
import io.github.httpcache.core.CacheKeyCustomizer;
import io.github.httpcache.core.CachePolicy;
import io.github.httpcache.core.ResponseCachePredicate;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.InMemoryCacheStore;
import io.github.httpcache.store.NearCache;
import io.github.httpcache.store.NearCacheStore;
import io.github.httpcache.store.ReactiveCacheStore;
import io.github.httpcache.store.ReactiveRedisCacheStore;
import io.github.httpcache.store.RedisCacheStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Auto-configuration of the HTTP response cache: a store (Redis when the application has a
 * {@link RedisConnectionFactory}, else a bounded in-memory one), the engine, and the customizers that
 * attach it to every {@code RestClient}, {@code RestTemplate} and {@code WebClient} built from Spring
 * Boot's builders.
 * Every bean backs off when the application defines its own.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnBooleanProperty(name = "http.cache.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HttpCacheProperties.class)
@Import(NearCacheConfiguration.class)
public final class HttpCacheAutoConfiguration {

	/** Name of an optional {@link Clock} bean the cache uses instead of the system clock (tests move it). */
	public static final String CLOCK_BEAN_NAME = "httpCacheClock";

	@Bean
	@ConditionalOnMissingBean
	HttpCacheEngine httpCacheEngine(HttpCacheProperties properties, CacheStore httpCacheStore,
			ObjectProvider<HttpCacheListener> listeners, @Qualifier(CLOCK_BEAN_NAME) ObjectProvider<Clock> clock,
			ObjectProvider<ResponseCachePredicate> storePredicates, ObjectProvider<CacheKeyCustomizer> keyCustomizers,
			ObjectProvider<NearCache> nearCache) {
		CachePolicy policy = new CachePolicy(CacheSettingsMapper.map(properties),
				CacheSettingsMapper.credentials(properties, httpCacheStore), storePredicates.orderedStream().toList(),
				keyCustomizers.orderedStream().toList());
		return new HttpCacheEngine(policy, NearCacheStore.decorate(httpCacheStore, nearCache.getIfAvailable()),
				clock.getIfAvailable(Clock::systemUTC), listeners.orderedStream().toList(),
				CacheSettingsMapper.collapse(properties, httpCacheStore), HttpCacheEngine.DEFAULT_COLLAPSE_TIMEOUT,
				UrlGlob::parse);
	}

	@Bean
	@ConditionalOnMissingBean
	HttpCache httpCache(HttpCacheEngine httpCacheEngine) {
		return new HttpCache(httpCacheEngine);
	}

	/** Warns at start-up about {@code urls-expire-after} keys written without brackets (see {@link UnbracketedUrlKeys}). */
	@Bean
	static SmartInitializingSingleton httpCacheUrlKeysCheck(Environment environment) {
		return () -> UnbracketedUrlKeys.warn(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	CachingClientHttpRequestInterceptor cachingClientHttpRequestInterceptor(HttpCacheEngine httpCacheEngine) {
		return new CachingClientHttpRequestInterceptor(httpCacheEngine);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	@ConditionalOnSingleCandidate(RedisConnectionFactory.class)
	@ConditionalOnProperty(name = "http.cache.store", havingValue = "redis", matchIfMissing = true)
	static class RedisStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(CacheStore.class)
		RedisCacheStore httpCacheStore(RedisConnectionFactory redisConnectionFactory, HttpCacheProperties properties,
				@Qualifier(CLOCK_BEAN_NAME) ObjectProvider<Clock> clock) {
			HttpCacheProperties.Redis redis = properties.getRedis();
			Duration retainStale = StorePropertiesMapper.retainStale(properties);
			RedisCacheStore store = new RedisCacheStore(redisConnectionFactory, StorePropertiesMapper.keyPrefix(redis), retainStale,
					clock.getIfAvailable(Clock::systemUTC), StorePropertiesMapper.guard(redis),
					StorePropertiesMapper.codec(properties), StorePropertiesMapper.maxVariants(properties));
			store.warmUp();
			return store;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(MemoryStoreCondition.class)
	static class MemoryStoreConfiguration {

		private static final String CAFFEINE = "com.github.benmanes.caffeine.cache.Caffeine";

		@Bean
		@ConditionalOnMissingBean(CacheStore.class)
		InMemoryCacheStore httpCacheStore(HttpCacheProperties properties, ResourceLoader resourceLoader,
				@Qualifier(CLOCK_BEAN_NAME) ObjectProvider<Clock> clock) {
			if (properties.getStore() == StoreType.REDIS) {
				throw new IllegalStateException("http.cache.store is 'redis' but the application has no "
						+ "RedisConnectionFactory: add spring-boot-starter-data-redis (with Lettuce) and configure "
						+ "spring.data.redis.*, or set http.cache.store=memory");
			}
			if (!ClassUtils.isPresent(CAFFEINE, resourceLoader.getClassLoader())) {
				throw new IllegalStateException("http.cache.store is 'memory' (or the application has no Redis) but "
						+ "Caffeine is not on the classpath: add com.github.ben-manes.caffeine:caffeine, which "
						+ "cache-spring-boot-starter brings, or configure Redis");
			}
			return new InMemoryCacheStore(StorePropertiesMapper.memoryMaxBytes(properties),
					StorePropertiesMapper.retainStale(properties), clock.getIfAvailable(Clock::systemUTC),
					StorePropertiesMapper.codec(properties));
		}

	}

	/** Memory when asked for, or when the application has no Redis to store in. */
	static class MemoryStoreCondition extends AnyNestedCondition {

		MemoryStoreCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(name = "http.cache.store", havingValue = "memory")
		static class MemoryRequested {

		}

		@ConditionalOnMissingClass("org.springframework.data.redis.connection.RedisConnectionFactory")
		static class NoRedisOnTheClasspath {

		}

		@ConditionalOnMissingBean(type = "org.springframework.data.redis.connection.RedisConnectionFactory")
		static class NoRedisConnectionFactory {

		}

	}

	/**
	 * RestClient and RestTemplate: the cache sits in the request factory, where a request leaves the
	 * client, so it keys on what interceptors and initializers the application adds later. The
	 * factories come from Spring Boot's {@link ClientHttpRequestFactoryBuilder} bean, which is wrapped;
	 * the customizers add only {@link CachingClientHttpRequestInterceptor#requestFactoryCheck()}, which
	 * warns once if the application replaced the factory (those requests are then not cached).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ClientHttpRequestFactoryBuilder.class)
	static class RequestFactoryConfiguration {

		@Bean
		static CachingRequestFactoryBuilderPostProcessor httpCacheRequestFactoryBuilderPostProcessor(
				ObjectProvider<CachingClientHttpRequestInterceptor> interceptor) {
			return new CachingRequestFactoryBuilderPostProcessor(interceptor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestClient.class, RestClientCustomizer.class })
	static class RestClientConfiguration {

		@Bean
		RestClientCustomizer httpCacheRestClientCustomizer(CachingClientHttpRequestInterceptor interceptor) {
			return (builder) -> builder.requestInterceptors((interceptors) -> {
				if (!interceptors.contains(interceptor.requestFactoryCheck())) {
					interceptors.add(interceptor.requestFactoryCheck());
				}
			});
		}

	}

	/**
	 * WebClient: a non-blocking filter over the same engine and entries. The filter reads and writes
	 * through a {@link ReactiveCacheStore}: Lettuce's reactive API when the store is Redis and the
	 * application has a {@link ReactiveRedisConnectionFactory}; otherwise the blocking store adapted,
	 * on Reactor's bounded elastic scheduler (Jedis, a store of the application's own) or in place (in memory).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClient.class, WebClientCustomizer.class, CodecCustomizer.class })
	static class WebClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CachingExchangeFilterFunction cachingExchangeFilterFunction(HttpCacheEngine httpCacheEngine,
				ObjectProvider<ReactiveCacheStore> reactiveHttpCacheStore, ObjectProvider<CodecCustomizer> codecCustomizers) {
			ReactiveCacheStore store = reactiveHttpCacheStore
				.getIfAvailable(() -> ReactiveCacheStore.adapt(httpCacheEngine.store()));
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
				ObjectProvider<CachingExchangeFilterFunction> filter) {
			return new CachingConnectorPostProcessor(filter);
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

	/** RestTemplate is in maintenance; its wiring stays in this one deletable class. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestTemplate.class, RestTemplateCustomizer.class })
	static class RestTemplateConfiguration {

		@Bean
		RestTemplateCustomizer httpCacheRestTemplateCustomizer(CachingClientHttpRequestInterceptor interceptor) {
			return (restTemplate) -> {
				// With interceptors, getRequestFactory() answers an intercepting wrapper: set them aside to
				// reach the factory itself (already caching when Boot's ClientHttpRequestFactoryBuilder
				// built it; not in a reactive web application, which has no such bean).
				List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>(restTemplate.getInterceptors());
				restTemplate.getInterceptors().clear();
				restTemplate.setRequestFactory(interceptor.wrap(restTemplate.getRequestFactory()));
				if (!interceptors.contains(interceptor.requestFactoryCheck())) {
					interceptors.add(interceptor.requestFactoryCheck());
				}
				restTemplate.getInterceptors().addAll(interceptors);
			};
		}

	}

}
