package io.github.httpcache.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;

import io.github.httpcache.client.CachingExchangeFilterFunction;
import io.github.httpcache.client.HttpCacheEngine;
import io.github.httpcache.internal.store.InMemoryCacheStore;
import io.github.httpcache.internal.store.NearCache;
import io.github.httpcache.internal.store.NearCacheStore;
import io.github.httpcache.internal.store.NearReactiveCacheStore;
import io.github.httpcache.internal.store.RedisCacheStore;
import io.github.httpcache.store.ReactiveCacheStore;
import io.github.httpcache.test.CacheContexts;

import static org.assertj.core.api.Assertions.assertThat;

/** When the near tier exists, what it wraps, and how a bad size is reported. */
class NearCacheConfigurationTests {

	@Test
	void isOffByDefault() {
		CacheContexts.withRedis().run((context) -> {
			assertThat(context).doesNotHaveBean(NearCache.class);
			assertThat(context.getBean(HttpCacheEngine.class).store()).isInstanceOf(RedisCacheStore.class);
		});
	}

	@Test
	void frontsBothRedisStoresWhenEnabled() {
		CacheContexts.withRedis().withPropertyValues("http.cache.near.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(NearCache.class);
			assertThat(context.getBean(HttpCacheEngine.class).store()).isInstanceOf(NearCacheStore.class);
			assertThat(context.getBean(ReactiveCacheStore.class)).isInstanceOf(NearReactiveCacheStore.class);
			assertThat(context).hasSingleBean(CachingExchangeFilterFunction.class);
			// The store bean itself stays the Redis store: the endpoint and health read it as such.
			assertThat(context).hasSingleBean(RedisCacheStore.class);
		});
	}

	@Test
	void theEndpointAndHealthStillDescribeTheRedisStore() {
		CacheContexts.withRedis()
			.withConfiguration(AutoConfigurations.of(HttpCacheEndpointAutoConfiguration.class))
			.withPropertyValues("http.cache.near.enabled=true", "management.endpoints.web.exposure.include=httpcache")
			.run((context) -> {
				HttpCacheEndpoint.CacheDescriptor cache = context.getBean(HttpCacheEndpoint.class).cache();
				assertThat(cache.store()).isEqualTo("redis");
				assertThat(cache.keyPrefix()).isNotNull();
				assertThat(new HttpCacheHealthIndicator(context.getBean(HttpCacheEngine.class), null).health()
					.getDetails()).containsEntry("store", "redis");
			});
	}

	@Test
	void leavesTheMemoryStoreAlone() {
		CacheContexts.withRedis()
			.withPropertyValues("http.cache.near.enabled=true", "http.cache.store=memory")
			.run((context) -> assertThat(context.getBean(HttpCacheEngine.class).store())
				.isInstanceOf(InMemoryCacheStore.class));
	}

	@Test
	void aSizeThatIsNotPositiveFailsStartUpNamingTheProperty() {
		CacheContexts.withRedis()
			.withPropertyValues("http.cache.near.enabled=true", "http.cache.near.max-size=0")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("http.cache.near.max-size"));
	}

}
