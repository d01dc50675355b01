package io.github.httpcache.autoconfigure;

import io.github.httpcache.client.CachingExchangeFilterFunction;
import io.github.httpcache.client.HttpCacheEngine;
import io.github.httpcache.internal.store.InMemoryCacheStore;
import io.github.httpcache.internal.store.ReactiveRedisCacheStore;
import io.github.httpcache.store.ReactiveCacheStore;
import io.github.httpcache.test.CacheContexts;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebClient wiring of {@link HttpCacheAutoConfiguration}, one small context per case.
 */
class HttpCacheWebClientConfigurationTests {

	@Test
	void attachesTheCacheToTheConnectorOfEveryWebClientBuilt() {
		CacheContexts.withRedis().run((context) -> {
			CachingExchangeFilterFunction filter = context.getBean(CachingExchangeFilterFunction.class);
			assertThat(context).hasBean("httpCacheWebClientCustomizer");
			WebClient.Builder builder = context.getBean(WebClient.Builder.class);
			// The filters hold only the check; the cache itself is in the connector, below every filter.
			builder.filters((filters) -> assertThat(filters).containsOnlyOnce(filter.connectorCheck())
				.doesNotContain(filter));
			builder.clone().filters((filters) -> assertThat(filters).containsOnlyOnce(filter.connectorCheck()));
		});
	}

	@Test
	void readsRedisThroughTheReactiveConnectionFactory() {
		CacheContexts.withRedis()
			.run((context) -> assertThat(context).getBean(ReactiveCacheStore.class)
				.isInstanceOf(ReactiveRedisCacheStore.class));
	}

	@Test
	void adaptsTheMemoryStoreWhenAskedForMemory() {
		CacheContexts.withRedis().withPropertyValues("http.cache.store=memory").run((context) -> {
			assertThat(context).hasSingleBean(InMemoryCacheStore.class);
			assertThat(context).getBean(ReactiveCacheStore.class).isNotInstanceOf(ReactiveRedisCacheStore.class);
			assertThat(context).hasSingleBean(CachingExchangeFilterFunction.class);
		});
	}

	@Test
	void worksWithoutRedisOnTheClasspath() {
		CacheContexts.withoutStore()
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ReactiveCacheStore.class);
				assertThat(context).hasSingleBean(CachingExchangeFilterFunction.class);
			});
	}

	@Test
	void registersNoFilterWithoutWebFlux() {
		CacheContexts.withRedis()
			.withClassLoader(new FilteredClassLoader(WebClient.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(HttpCacheEngine.class);
				assertThat(context).doesNotHaveBean(CachingExchangeFilterFunction.class);
				assertThat(context).doesNotHaveBean("httpCacheWebClientCustomizer");
			});
	}

	@Test
	void registersNoFilterWhenDisabled() {
		CacheContexts.withRedis()
			.withPropertyValues("http.cache.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(CachingExchangeFilterFunction.class);
				context.getBean(WebClient.Builder.class)
					.filters((filters) -> assertThat(filters).noneMatch(CachingExchangeFilterFunction.class::isInstance));
			});
	}

	@Test
	void backsOffWhenUserDefinesTheFilter() {
		CacheContexts.withRedis().withUserConfiguration(UserFilter.class).run((context) -> {
			assertThat(context).hasSingleBean(CachingExchangeFilterFunction.class);
			assertThat(context).getBean(CachingExchangeFilterFunction.class)
				.isSameAs(context.getBean(UserFilter.class).filter);
		});
	}

	@Test
	void backsOffWhenUserDefinesAReactiveStore() {
		CacheContexts.withRedis().withUserConfiguration(UserReactiveStore.class).run((context) -> {
			assertThat(context).hasSingleBean(ReactiveCacheStore.class);
			assertThat(context).getBean(ReactiveCacheStore.class).isSameAs(UserReactiveStore.store);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilter {

		CachingExchangeFilterFunction filter;

		@Bean
		CachingExchangeFilterFunction myFilter(HttpCacheEngine engine) {
			this.filter = new CachingExchangeFilterFunction(engine, ReactiveCacheStore.adapt(engine.store()));
			return this.filter;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserReactiveStore {

		static final ReactiveCacheStore store = ReactiveCacheStore.adapt(new InMemoryCacheStore(1024 * 1024));

		@Bean
		ReactiveCacheStore myReactiveStore() {
			return store;
		}

	}

}
