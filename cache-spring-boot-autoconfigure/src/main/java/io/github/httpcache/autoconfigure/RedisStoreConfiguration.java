package io.github.httpcache.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import io.github.httpcache.internal.store.RedisCacheStore;
import io.github.httpcache.store.CacheStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static io.github.httpcache.autoconfigure.HttpCacheAutoConfiguration.CLOCK_BEAN_NAME;

/**
 * The Redis store, when the application has one {@link RedisConnectionFactory} (Spring Boot's
 * {@code DataRedisAutoConfiguration} runs first) and {@code http.cache.store} is not {@code memory}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RedisConnectionFactory.class)
@ConditionalOnSingleCandidate(RedisConnectionFactory.class)
@ConditionalOnProperty(name = "http.cache.store", havingValue = "redis", matchIfMissing = true)
class RedisStoreConfiguration {

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
