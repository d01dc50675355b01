package io.github.httpcache.autoconfigure;

import io.github.httpcache.client.CachingClientHttpRequestInterceptor;
import io.github.httpcache.client.HttpCacheEngine;
import io.github.httpcache.internal.store.InMemoryCacheStore;
import io.github.httpcache.internal.store.RedisCacheStore;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.test.CacheContexts;
import org.junit.jupiter.api.Test;

import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each condition of {@link HttpCacheAutoConfiguration}, one small context per case.
 */
class HttpCacheAutoConfigurationTests {

	@Test
	void usesRedisWhenTheApplicationHasARedisConnectionFactory() {
		CacheContexts.withRedis().run((context) -> {
			assertThat(context).hasSingleBean(RedisCacheStore.class);
			assertThat(context).hasSingleBean(HttpCacheEngine.class);
			assertThat(context).hasSingleBean(CachingClientHttpRequestInterceptor.class);
			assertThat(context).hasBean("httpCacheRestClientCustomizer");
			assertThat(context).hasBean("httpCacheRestTemplateCustomizer");
		});
	}

	@Test
	void registersNothingWhenDisabled() {
		CacheContexts.withRedis().withPropertyValues("http.cache.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(CacheStore.class);
			assertThat(context).doesNotHaveBean(HttpCacheEngine.class);
			assertThat(context).doesNotHaveBean(CachingClientHttpRequestInterceptor.class);
			assertThat(context).doesNotHaveBean("httpCacheRestClientCustomizer");
		});
	}

	@Test
	void fallsBackToMemoryWithoutRedisOnTheClasspath() {
		CacheContexts.withoutStore()
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.run((context) -> assertThat(context).hasSingleBean(InMemoryCacheStore.class));
	}

	@Test
	void usesMemoryWhenAskedTo() {
		CacheContexts.withRedis()
			.withPropertyValues("http.cache.store=memory")
			.run((context) -> assertThat(context).getBean(CacheStore.class).isInstanceOf(InMemoryCacheStore.class));
	}

	@Test
	void failsClearlyWhenRedisIsRequiredButAbsent() {
		CacheContexts.withoutStore()
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.withPropertyValues("http.cache.store=redis")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("http.cache.store is 'redis'");
			});
	}

	@Test
	void backsOffWhenTheUserDefinesACacheStore() {
		CacheContexts.withRedis().withUserConfiguration(UserStore.class).run((context) -> {
			assertThat(context).getBean(CacheStore.class).isSameAs(context.getBean(UserStore.class).store);
			assertThat(context).doesNotHaveBean(RedisCacheStore.class);
		});
	}

	@Test
	void backsOffWhenTheUserDefinesTheInterceptor() {
		CacheContexts.withRedis().withUserConfiguration(UserInterceptor.class).run((context) -> {
			assertThat(context).hasSingleBean(CachingClientHttpRequestInterceptor.class);
			assertThat(context).hasBean("userInterceptor");
		});
	}

	@Test
	void failsAtStartUpOnAnUnknownExpirationNamingThePropertyAndTheAcceptedForms() {
		CacheContexts.withRedis().withPropertyValues("http.cache.expire-after=sometimes").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("http.cache.expire-after")
				.hasMessageContaining("do-not-cache");
		});
	}

	@Test
	void failsAtStartUpOnAMalformedGlob() {
		CacheContexts.withRedis()
			.withPropertyValues("http.cache.urls-expire-after[example.com:http/x]=10m")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("http.cache.urls-expire-after");
			});
	}

	@Test
	void failsAtStartUpOnANegativeSize() {
		CacheContexts.withRedis().withPropertyValues("http.cache.max-entry-size=-1B").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("http.cache.max-entry-size");
		});
	}

	@Test
	void customizersAreRegisteredOnlyForClientsOnTheClasspath() {
		CacheContexts.withRedis()
			.withClassLoader(new FilteredClassLoader(RestTemplateCustomizer.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean("httpCacheRestTemplateCustomizer");
				assertThat(context).getBeans(RestClientCustomizer.class).containsKey("httpCacheRestClientCustomizer");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserStore {

		final InMemoryCacheStore store = new InMemoryCacheStore(1024);

		@Bean
		CacheStore myStore() {
			return this.store;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserInterceptor {

		@Bean
		CachingClientHttpRequestInterceptor userInterceptor(HttpCacheEngine engine) {
			return new CachingClientHttpRequestInterceptor(engine);
		}

	}

}
