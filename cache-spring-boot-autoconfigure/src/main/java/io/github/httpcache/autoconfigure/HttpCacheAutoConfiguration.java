package io.github.httpcache.autoconfigure;

import java.time.Clock;

import io.github.httpcache.HttpCache;
import io.github.httpcache.client.CachingClientHttpRequestInterceptor;
import io.github.httpcache.client.HttpCacheEngine;
import io.github.httpcache.client.HttpCacheListener;
import io.github.httpcache.core.CacheKeyCustomizer;
import io.github.httpcache.core.ResponseCachePredicate;
import io.github.httpcache.internal.core.CachePolicy;
import io.github.httpcache.internal.store.NearCache;
import io.github.httpcache.internal.store.NearCacheStore;
import io.github.httpcache.store.CacheStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Auto-configuration of the HTTP response cache: a store (Redis when the application has a
 * {@link RedisConnectionFactory}, else a bounded in-memory one), the engine, and the customizers that
 * attach it to every {@code RestClient}, {@code RestTemplate} and {@code WebClient} built from Spring
 * Boot's builders.
 * Every bean backs off when the application defines its own.
 * <p>
 * Ordering: after Spring Boot's Redis auto-configurations, whose connection factories decide the
 * store ({@code @ConditionalOnSingleCandidate}); before its RestClient, RestTemplate and WebClient
 * auto-configurations, whose builders collect the customizers contributed here.
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration" },
		beforeName = { "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
				"org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration",
				"org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "http.cache.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HttpCacheProperties.class)
@Import({ PropertiesBindingConfiguration.class, RedisStoreConfiguration.class, MemoryStoreConfiguration.class,
		RequestFactoryConfiguration.class, RestClientConfiguration.class, WebClientConfiguration.class,
		RestTemplateConfiguration.class, HttpCacheObservationConfiguration.class,
		HttpCachePolicyConfiguration.class, NearCacheConfiguration.class })
public final class HttpCacheAutoConfiguration {

	/** Name of an optional {@link Clock} bean the cache uses instead of the system clock (tests move it). */
	public static final String CLOCK_BEAN_NAME = "httpCacheClock";

	@Bean
	@ConditionalOnMissingBean
	HttpCacheEngine httpCacheEngine(HttpCacheProperties properties, CacheStore httpCacheStore,
			ObjectProvider<HttpCacheListener> listeners, @Qualifier(CLOCK_BEAN_NAME) ObjectProvider<Clock> clock,
			ObjectProvider<ResponseCachePredicate> storePredicates, ObjectProvider<CacheKeyCustomizer> keyCustomizers,
			ObjectProvider<CacheStoreDecorator> storeDecorators, ObjectProvider<NearCache> nearCache) {
		CachePolicy policy = new CachePolicy(CacheSettingsMapper.map(properties),
				CacheSettingsMapper.credentials(properties, httpCacheStore), storePredicates.orderedStream().toList(),
				keyCustomizers.orderedStream().toList());
		return new HttpCacheEngine(policy,
				CacheStoreDecorator.decorate(storeDecorators.orderedStream().toList(),
						NearCacheStore.decorate(httpCacheStore, nearCache.getIfAvailable()),
						policy.settings().cacheName()),
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

}
