package io.github.httpcache.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.Configurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order Spring Boot runs the auto-configurations in, given in any order: each of ours after the
 * modules its bean conditions read (Redis, metrics, actuator), and the cache before the client
 * auto-configurations that collect its customizers.
 */
class AutoConfigurationOrderingTests {

	@Test
	void theCacheRunsAfterRedisAndBeforeTheClients() {
		List<Class<?>> order = sorted(WebClientAutoConfiguration.class, RestTemplateAutoConfiguration.class,
				RestClientAutoConfiguration.class, HttpCacheAutoConfiguration.class,
				DataRedisReactiveAutoConfiguration.class, DataRedisAutoConfiguration.class);
		int cache = order.indexOf(HttpCacheAutoConfiguration.class);
		assertThat(order.indexOf(DataRedisAutoConfiguration.class)).isLessThan(cache);
		assertThat(order.indexOf(DataRedisReactiveAutoConfiguration.class)).isLessThan(cache);
		assertThat(order.indexOf(RestClientAutoConfiguration.class)).isGreaterThan(cache);
		assertThat(order.indexOf(RestTemplateAutoConfiguration.class)).isGreaterThan(cache);
		assertThat(order.indexOf(WebClientAutoConfiguration.class)).isGreaterThan(cache);
	}

	@Test
	void metricsEndpointAndHealthRunAfterTheCacheAndTheModulesTheyRead() {
		List<Class<?>> order = sorted(HttpCacheHealthContributorAutoConfiguration.class,
				HttpCacheEndpointAutoConfiguration.class, HttpCacheMetricsAutoConfiguration.class,
				EndpointAutoConfiguration.class, MetricsAutoConfiguration.class, HttpCacheAutoConfiguration.class,
				DataRedisAutoConfiguration.class);
		int cache = order.indexOf(HttpCacheAutoConfiguration.class);
		assertThat(order.indexOf(HttpCacheMetricsAutoConfiguration.class)).isGreaterThan(cache)
			.isGreaterThan(order.indexOf(MetricsAutoConfiguration.class));
		assertThat(order.indexOf(HttpCacheEndpointAutoConfiguration.class)).isGreaterThan(cache)
			.isGreaterThan(order.indexOf(EndpointAutoConfiguration.class));
		assertThat(order.indexOf(HttpCacheHealthContributorAutoConfiguration.class)).isGreaterThan(cache)
			.isGreaterThan(order.indexOf(DataRedisAutoConfiguration.class));
	}

	private static List<Class<?>> sorted(Class<?>... classes) {
		return List.of(Configurations.getClasses(AutoConfigurations.of(classes)));
	}

}
