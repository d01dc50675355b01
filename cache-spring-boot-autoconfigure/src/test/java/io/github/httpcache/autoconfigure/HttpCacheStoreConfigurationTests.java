package io.github.httpcache.autoconfigure;

import java.time.Duration;

import io.github.httpcache.client.HttpCacheEngine;
import io.github.httpcache.internal.core.Credentials;
import io.github.httpcache.internal.store.InMemoryCacheStore;
import io.github.httpcache.internal.store.RedisCacheStore;
import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.TestRedis;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** How the store beans take their settings, and what they need on the classpath. */
class HttpCacheStoreConfigurationTests {

	@Test
	void redisStoreCallsAreBoundByTheConfiguredTimeout() {
		CacheContexts.withRedis().withPropertyValues("http.cache.redis.timeout=120ms").run((context) -> {
			RedisCacheStore store = context.getBean(RedisCacheStore.class);
			assertThat(store.guard().timeout()).isEqualTo(Duration.ofMillis(120));
		});
	}

	@Test
	void redisStoreDefaultsToAQuarterSecondBoundWhateverSpringDataRedisTimeoutSays() {
		// withoutStore(): withRedis() raises the bound for slow test machines, this test wants the default.
		CacheContexts.withoutStore()
			.withPropertyValues(io.github.httpcache.test.TestRedis.get().springProperties())
			.withPropertyValues("spring.data.redis.timeout=60s")
			.run((context) -> {
			RedisCacheStore store = context.getBean(RedisCacheStore.class);
			assertThat(store.guard().timeout()).isEqualTo(Duration.ofMillis(250));
		});
	}

	@Test
	void failsAtStartUpOnAnInvalidStoreSettingNamingTheProperty() {
		String[][] cases = { { "http.cache.redis.timeout=0ms", "http.cache.redis.timeout" },
				{ "http.cache.redis.circuit-breaker.failure-threshold=0", "http.cache.redis.circuit-breaker.failure-threshold" },
				{ "http.cache.redis.retain-stale=-1s", "http.cache.redis.retain-stale" } };
		for (String[] invalid : cases) {
			CacheContexts.withRedis().withPropertyValues(invalid[0]).run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(invalid[1]);
			});
		}
		CacheContexts.withoutStore()
			.withPropertyValues("http.cache.store=memory", "http.cache.memory.max-size=0B")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("http.cache.memory.max-size"));
	}

	@Test
	void failsAtStartUpOnAnEmptyKeyPrefixOrOneWithoutASeparator() {
		for (String prefix : new String[] { "", "app", "http-cache" }) {
			CacheContexts.withRedis().withPropertyValues("http.cache.redis.key-prefix=" + prefix).run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("http.cache.redis.key-prefix")
					.hasMessageContaining((prefix.isEmpty()) ? "must not be empty" : "must end in one of");
			});
		}
	}

	@Test
	void acceptsAKeyPrefixEndingInAnySeparator() {
		for (String separator : new String[] { ":", "/", ".", "-", "_" }) {
			CacheContexts.withRedis()
				.withPropertyValues("http.cache.redis.key-prefix=app" + separator)
				.run((context) -> assertThat(context.getBean(RedisCacheStore.class).prefix()).isEqualTo("app" + separator));
		}
	}

	@Test
	void credentialPropertiesExtendTheDefaults() {
		CacheContexts.withRedis()
			.withPropertyValues("http.cache.credential-headers=X-Tenant-Token,x-session",
					"http.cache.credential-parameters=Tenant_Secret")
			.run((context) -> {
				Credentials credentials = context.getBean(HttpCacheEngine.class).policy().keys().credentials();
				assertThat(credentials.isHeader("x-tenant-token")).isTrue();
				assertThat(credentials.isHeader("X-Session")).isTrue();
				assertThat(credentials.isHeader("Authorization")).isTrue();
				assertThat(credentials.isParameter("tenant_secret")).isTrue();
				assertThat(credentials.isParameter("access_token")).isTrue();
				assertThat(credentials.secretKnown()).isTrue();
			});
		CacheContexts.withRedis().withPropertyValues("http.cache.credential-headers=Not A Header").run((context) ->
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("http.cache.credential-headers"));
	}

	@Test
	void aConfiguredKeySecretIsUsedAndNothingIsKeptInRedis() {
		String prefix = "secret-" + java.util.UUID.randomUUID() + ":";
		CacheContexts.withRedis(prefix).withPropertyValues("http.cache.key-secret=0123456789abcdef-configured")
			.run((context) -> {
				Credentials credentials = context.getBean(HttpCacheEngine.class).policy().keys().credentials();
				assertThat(credentials.digest("x")).isEqualTo(io.github.httpcache.internal.core.Credentials
					.of(java.util.List.of(), java.util.List.of(),
							io.github.httpcache.internal.core.KeySecret.of("0123456789abcdef-configured".getBytes()))
					.digest("x"));
			});
		try (var factory = new AutoCloseableFactory(); var connection = factory.value.getConnection()) {
			assertThat(connection.keyCommands().exists((prefix + "key-secret").getBytes())).isFalse();
		}
	}

	@Test
	void aShortKeySecretFailsStartUpWithoutShowingIt() {
		CacheContexts.withRedis().withPropertyValues("http.cache.key-secret=short-secret").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("http.cache.key-secret")
				.hasMessageContaining("at least 16 bytes")
				.hasMessageNotContaining("short-secret");
		});
	}

	@Test
	void applicationStartsWhenRedisIsDownWithTheKeySecretUnknown() {
		CacheContexts.withoutStore()
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + TestRedis.freePort())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Credentials credentials = context.getBean(HttpCacheEngine.class).policy().keys().credentials();
				assertThat(credentials.secretKnown()).isFalse();
			});
	}

	/** The test Redis's connection factory, destroyed after use. */
	private static final class AutoCloseableFactory implements AutoCloseable {

		private final org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory value = TestRedis.get()
			.connectionFactory();

		@Override
		public void close() {
			this.value.destroy();
		}

	}

	@Test
	void applicationStartsWhenRedisIsDown() {
		CacheContexts.withoutStore()
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + TestRedis.freePort())
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(RedisCacheStore.class));
	}

	@Test
	void twoConnectionFactoriesOnePrimaryStartAndTheStoreUsesThePrimary() {
		CacheContexts.withoutStore().withUserConfiguration(TwoConnectionFactories.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(RedisCacheStore.class)
				.hasSingleBean(io.github.httpcache.internal.store.ReactiveRedisCacheStore.class);
		});
	}

	@Test
	void maxVariantsIsPassedToTheStoreAndMustBePositive() {
		CacheContexts.withRedis().withPropertyValues("http.cache.max-variants=3").run((context) -> {
			assertThat(context.getBean(RedisCacheStore.class).maxVariants()).isEqualTo(3);
		});
		CacheContexts.withRedis().withPropertyValues("http.cache.max-variants=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("http.cache.max-variants");
		});
	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class TwoConnectionFactories {

		@org.springframework.context.annotation.Bean
		@org.springframework.context.annotation.Primary
		org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory primaryRedis() {
			return TestRedis.get().connectionFactory();
		}

		@org.springframework.context.annotation.Bean
		org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory otherRedis() {
			return TestRedis.get().connectionFactory();
		}

	}

	@Test
	void memoryStoreFailsClearlyWithoutCaffeine() {
		CacheContexts.withoutStore()
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis", "com.github.benmanes.caffeine"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("com.github.ben-manes.caffeine:caffeine");
			});
	}

	@Test
	void memoryStoreIsBoundedByMaxSize() {
		CacheContexts.withoutStore()
			.withPropertyValues("http.cache.store=memory", "http.cache.memory.max-size=1MB")
			.run((context) -> assertThat(context).hasSingleBean(InMemoryCacheStore.class));
	}

}
