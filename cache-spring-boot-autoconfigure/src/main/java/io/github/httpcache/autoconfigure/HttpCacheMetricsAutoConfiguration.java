package io.github.httpcache.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import io.github.httpcache.client.HttpCacheEngine;
import io.github.httpcache.internal.core.CacheSettings;
import io.github.httpcache.internal.metrics.HttpCacheMetrics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the cache's Micrometer meters: registers {@link HttpCacheMetrics} as a
 * listener of the engine when Micrometer is on the classpath and the application has a
 * {@link MeterRegistry}.
 */
@AutoConfiguration(after = HttpCacheAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, HttpCacheEngine.class })
public final class HttpCacheMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HttpCacheMetrics httpCacheMetrics(MeterRegistry meterRegistry) {
		return new HttpCacheMetrics(meterRegistry, CacheSettings.defaults().cacheName());
	}

}
