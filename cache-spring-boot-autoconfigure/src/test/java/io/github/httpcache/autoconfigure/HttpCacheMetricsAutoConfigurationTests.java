package io.github.httpcache.autoconfigure;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.github.httpcache.internal.metrics.HttpCacheMetrics;
import io.github.httpcache.test.CacheContexts;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conditions of {@link HttpCacheMetricsAutoConfiguration}, one small context per case.
 */
class HttpCacheMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = CacheContexts.withRedis()
		.withConfiguration(AutoConfigurations.of(HttpCacheMetricsAutoConfiguration.class));

	@Test
	void registersTheMetricsWhenTheApplicationHasAMeterRegistry() {
		this.runner.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(HttpCacheMetrics.class));
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(HttpCacheMetrics.class));
	}

	@Test
	void backsOffWithoutMicrometerOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean("httpCacheMetrics");
		});
	}

	@Test
	void backsOffWhenTheCacheIsDisabled() {
		this.runner.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("http.cache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HttpCacheMetrics.class));
	}

	@Test
	void backsOffWhenTheUserDefinesTheirOwn() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		HttpCacheMetrics own = new HttpCacheMetrics(registry, "mine");
		this.runner.withBean(SimpleMeterRegistry.class, () -> registry)
			.withBean("myMetrics", HttpCacheMetrics.class, () -> own)
			.run((context) -> assertThat(context).getBean(HttpCacheMetrics.class).isSameAs(own));
	}

}
