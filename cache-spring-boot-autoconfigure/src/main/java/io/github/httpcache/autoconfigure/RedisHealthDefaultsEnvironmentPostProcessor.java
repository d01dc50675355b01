package io.github.httpcache.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns Spring Boot's Redis health indicator off by default ({@code management.health.redis.enabled=false},
 * unless the application sets it anywhere, including its default properties) while the
 * cache is enabled.
 * <p>
 * Why: the starter brings {@code spring-boot-starter-data-redis}, so Boot's indicator exists in every
 * application that adds the cache, and with Redis down it makes {@code /actuator/health} answer
 * {@code 503 DOWN}, which restarts pods and drains load balancers, while the cache, by design, lets
 * every request through to the origin. For an application whose Redis is only the cache's store that
 * is a false alarm; the {@code httpcache} contributor reports Redis as degraded details instead. An
 * application that needs Redis for more than the cache sets {@code management.health.redis.enabled=true}.
 */
class RedisHealthDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source that holds the default. */
	static final String SOURCE = "httpCacheDefaults";

	private static final String PROPERTY = "management.health.redis.enabled";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		// Any setting wins, including SpringApplication's default properties, which Boot keeps last.
		if (!environment.getProperty("http.cache.enabled", Boolean.class, true)
				|| environment.containsProperty(PROPERTY) || environment.getPropertySources().contains(SOURCE)) {
			return;
		}
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(PROPERTY, "false")));
	}

	/** After the application's configuration files are loaded, so that {@code http.cache.enabled} is known. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
