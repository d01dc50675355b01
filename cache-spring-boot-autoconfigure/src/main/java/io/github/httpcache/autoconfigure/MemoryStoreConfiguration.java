package io.github.httpcache.autoconfigure;

import java.time.Clock;

import io.github.httpcache.autoconfigure.HttpCacheProperties.StoreType;
import io.github.httpcache.internal.store.InMemoryCacheStore;
import io.github.httpcache.store.CacheStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

import static io.github.httpcache.autoconfigure.HttpCacheAutoConfiguration.CLOCK_BEAN_NAME;

/**
 * The bounded in-memory store, when asked for or when the application has no Redis to store in.
 * Imported after {@link RedisStoreConfiguration}, so a Redis store, when there is one, comes first.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(MemoryStoreConfiguration.MemoryStoreCondition.class)
class MemoryStoreConfiguration {

	private static final String CAFFEINE = "com.github.benmanes.caffeine.cache.Caffeine";

	@Bean
	@ConditionalOnMissingBean(CacheStore.class)
	InMemoryCacheStore httpCacheStore(HttpCacheProperties properties, ResourceLoader resourceLoader,
			@Qualifier(CLOCK_BEAN_NAME) ObjectProvider<Clock> clock) {
		if (properties.getStore() == StoreType.REDIS) {
			throw new InvalidHttpCacheSettingException("http.cache.store", "redis", "http.cache.store is 'redis' but "
					+ "the application has no RedisConnectionFactory.", "Add spring-boot-starter-data-redis (with Lettuce) "
					+ "and configure spring.data.redis.*, or set http.cache.store=memory.");
		}
		if (!ClassUtils.isPresent(CAFFEINE, resourceLoader.getClassLoader())) {
			throw new InvalidHttpCacheSettingException("http.cache.store", "memory", "http.cache.store is 'memory' (or "
					+ "the application has no Redis) but Caffeine is not on the classpath.", "Add "
					+ "com.github.ben-manes.caffeine:caffeine, which cache-spring-boot-starter brings, or configure Redis.");
		}
		return new InMemoryCacheStore(StorePropertiesMapper.memoryMaxBytes(properties),
				StorePropertiesMapper.retainStale(properties), clock.getIfAvailable(Clock::systemUTC),
				StorePropertiesMapper.codec(properties));
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

}
