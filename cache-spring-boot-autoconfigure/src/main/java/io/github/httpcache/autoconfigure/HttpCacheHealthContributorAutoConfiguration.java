package io.github.httpcache.autoconfigure;

import io.github.httpcache.client.HttpCacheEngine;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Auto-configuration of the {@code httpcache} health contributor ({@link HttpCacheHealthIndicator}),
 * on when Spring Boot's health support is present and {@code management.health.httpcache.enabled} is
 * not {@code false}.
 */
@AutoConfiguration(after = HttpCacheAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class, RedisConnectionFactory.class })
@ConditionalOnBean(HttpCacheEngine.class)
@ConditionalOnEnabledHealthIndicator("httpcache")
public final class HttpCacheHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "httpcacheHealthIndicator")
	HttpCacheHealthIndicator httpcacheHealthIndicator(HttpCacheEngine httpCacheEngine,
			ObjectProvider<RedisConnectionFactory> redisConnectionFactory) {
		return new HttpCacheHealthIndicator(httpCacheEngine, redisConnectionFactory.getIfAvailable());
	}

}
