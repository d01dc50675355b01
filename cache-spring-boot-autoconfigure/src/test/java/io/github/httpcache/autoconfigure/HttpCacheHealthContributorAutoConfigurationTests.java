package io.github.httpcache.autoconfigure;

import java.util.Map;

import io.github.httpcache.test.CacheContexts;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the {@code httpcache} health contributor exists, and the starter's default for Boot's own Redis
 * indicator ({@link RedisHealthDefaultsEnvironmentPostProcessor}).
 */
class HttpCacheHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contexts = CacheContexts.withRedis()
		.withConfiguration(AutoConfigurations.of(HttpCacheHealthContributorAutoConfiguration.class));

	@Test
	void contributesHttpcacheHealthByDefault() {
		this.contexts.run((context) -> {
			assertThat(context).hasBean("httpcacheHealthIndicator");
			Health health = context.getBean(HttpCacheHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("store", "redis")
				.containsEntry("redis", "up")
				.containsEntry("circuitBreaker", "closed")
				.containsEntry("degraded", false);
		});
	}

	@Test
	void backsOffWhenTheIndicatorIsDisabled() {
		this.contexts.withPropertyValues("management.health.httpcache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HttpCacheHealthIndicator.class));
	}

	@Test
	void theMemoryStoreIsUpAndNeverDegraded() {
		this.contexts.withPropertyValues("http.cache.store=memory").run((context) -> {
			Health health = context.getBean(HttpCacheHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsOnly(Map.entry("store", "memory"), Map.entry("degraded", false));
		});
	}

	@Test
	void bootsRedisIndicatorIsOffByDefaultWhileTheCacheIsEnabled() {
		assertThat(redisHealthEnabled(Map.of())).isEqualTo("false");
	}

	@Test
	void anySettingOfTheApplicationWins() {
		assertThat(redisHealthEnabled(Map.of("management.health.redis.enabled", "true"))).isEqualTo("true");
	}

	@Test
	void withTheCacheDisabledBootDecidesAsUsual() {
		assertThat(redisHealthEnabled(Map.of("http.cache.enabled", "false"))).isNull();
	}

	private static String redisHealthEnabled(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("application", properties));
		new RedisHealthDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		return environment.getProperty("management.health.redis.enabled");
	}

}
