package io.github.httpcache.autoconfigure;

import io.github.httpcache.client.CollapseMode;
import io.github.httpcache.client.HttpCacheEngine;
import io.github.httpcache.internal.core.CacheSettings;
import io.github.httpcache.test.CacheContexts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How {@code http.cache.collapse} reaches the engine, and how a wrong value stops start-up. */
class CollapseConfigurationTests {

	@Test
	void collapsesLocallyByDefault() {
		CacheContexts.withRedis()
			.run((context) -> assertThat(context.getBean(HttpCacheEngine.class).collapse()).isEqualTo(CollapseMode.LOCAL));
	}

	@Test
	void collapsesThroughRedisWhenAskedTo() {
		CacheContexts.withRedis()
			.withPropertyValues("http.cache.collapse=redis")
			.run((context) -> assertThat(context.getBean(HttpCacheEngine.class).collapse()).isEqualTo(CollapseMode.REDIS));
	}

	@Test
	void endpointShowsTheCollapseMode() {
		assertThat(HttpCacheEndpoint.SettingsDescriptor.of(CacheSettings.defaults(), CollapseMode.REDIS).collapse())
			.isEqualTo("redis");
	}

	@Test
	void unknownValueFailsStartUpNamingTheProperty() {
		CacheContexts.withRedis().withPropertyValues("http.cache.collapse=sometimes").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasStackTraceContaining("Failed to bind properties under 'http.cache.collapse'");
		});
	}

	@Test
	void redisCollapsingWithTheMemoryStoreFailsStartUp() {
		CacheContexts.withRedis().withPropertyValues("http.cache.store=memory", "http.cache.collapse=redis").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("http.cache.collapse")
				.hasMessageContaining("needs the Redis store");
		});
	}

}
