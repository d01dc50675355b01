package io.github.httpcache.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import io.github.httpcache.autoconfigure.HttpCacheProperties.StoreType;
import io.github.httpcache.client.CachingClientHttpRequestInterceptor;
import io.github.httpcache.client.CachingExchangeFilterFunction;
import io.github.httpcache.client.HttpCacheEngine;
import io.github.httpcache.client.HttpCacheListener;
import io.github.httpcache.core.CachePolicy;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.InMemoryCacheStore;
import io.github.httpcache.store.ReactiveCacheStore;
import io.github.httpcache.store.ReactiveRedisCacheStore;
import io.github.httpcache.store.RedisCacheStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Conditional;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
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
public final class HttpCacheAutoConfiguration {

	/** Name of an optional {@link Clock} bean the cache uses instead of the system clock (tests move it). */
	public static final String CLOCK_BEAN_NAME = "httpCacheClock";

	@Bean
	@ConditionalOnMissingBean
	HttpCacheEngine httpCacheEngine(HttpCacheProperties properties, CacheStore httpCacheStore,
			ObjectProvider<HttpCacheListener> listeners, @Qualifier(CLOCK_BEAN_NAME) ObjectProvider<Clock> clock) {
		return new HttpCacheEngine(new CachePolicy(CacheSettingsMapper.map(properties)), httpCacheStore,
				clock.getIfAvailable(Clock::systemUTC), listeners.orderedStream().toList(),
				CacheSettingsMapper.collapse(properties, httpCacheStore), HttpCacheEngine.DEFAULT_COLLAPSE_TIMEOUT);
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
	@ConditionalOnBean(RedisConnectionFactory.class)
	@ConditionalOnProperty(name = "http.cache.store", havingValue = "redis", matchIfMissing = true)
	static class RedisStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(CacheStore.class)
		RedisCacheStore httpCacheStore(RedisConnectionFactory redisConnectionFactory, HttpCacheProperties properties,
				@Qualifier(CLOCK_BEAN_NAME) ObjectProvider<Clock> clock) {
			HttpCacheProperties.Redis redis = properties.getRedis();
			Duration retainStale = StorePropertiesMapper.retainStale(properties);
			RedisCacheStore store = new RedisCacheStore(redisConnectionFactory, redis.getKeyPrefix(), retainStale,
					clock.getIfAvailable(Clock::systemUTC), StorePropertiesMapper.guard(redis));
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
					StorePropertiesMapper.retainStale(properties), clock.getIfAvailable(Clock::systemUTC));
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestClient.class, RestClientCustomizer.class })
	static class RestClientConfiguration {

		@Bean
		RestClientCustomizer httpCacheRestClientCustomizer(CachingClientHttpRequestInterceptor interceptor) {
			return (builder) -> builder.requestInterceptor(interceptor);
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

		@Bean
		WebClientCustomizer httpCacheWebClientCustomizer(CachingExchangeFilterFunction filter) {
			return (builder) -> builder.filters((filters) -> {
				if (!filters.contains(filter)) {
					filters.add(filter);
				}
			});
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(ReactiveRedisConnectionFactory.class)
		@ConditionalOnBean(ReactiveRedisConnectionFactory.class)
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
				if (!restTemplate.getInterceptors().contains(interceptor)) {
					restTemplate.getInterceptors().add(interceptor);
				}
			};
		}

	}

}
