package io.github.httpcache.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.github.httpcache.core.Expiration;
import io.github.httpcache.core.StaleWindow;
import io.github.httpcache.internal.core.CacheSettings;
import io.github.httpcache.internal.store.CacheEntryCodec;
import io.github.httpcache.internal.store.RedisCacheStore;
import io.github.httpcache.internal.store.StoreCallGuard;
import io.github.httpcache.test.CacheContexts;
import org.junit.jupiter.api.Test;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code http.cache.*} binds to the core's typed values, from properties and from YAML (which hands
 * over numbers and booleans, not text), and the defaults are the ones the core and the stores apply.
 */
class TypedSettingsBindingTests {

	@Test
	void expirationsAndStaleWindowsBindToTypedValues() {
		CacheContexts.withoutStore()
			.withPropertyValues("http.cache.store=memory", "http.cache.expire-after=10m",
					"http.cache.urls-expire-after[api.example.com/**]=do-not-cache", "http.cache.status-expire-after.404=0",
					"http.cache.stale-if-error=true", "http.cache.stale-while-revalidate=30s")
			.run((context) -> {
				HttpCacheProperties properties = context.getBean(HttpCacheProperties.class);
				assertThat(properties.getExpireAfter()).isEqualTo(Expiration.after(Duration.ofMinutes(10)));
				assertThat(properties.getUrlsExpireAfter()).containsEntry("api.example.com/**", "do-not-cache");
				assertThat(properties.getStatusExpireAfter()).containsEntry("404", Expiration.IMMEDIATELY);
				assertThat(properties.getStaleIfError()).isEqualTo(StaleWindow.UNLIMITED);
				assertThat(properties.getStaleWhileRevalidate().duration()).isEqualTo(Duration.ofSeconds(30));
			});
	}

	@Test
	void yamlNumbersAndBooleansBindAsTheirText() throws IOException {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("application.yml",
				new ByteArrayResource("""
						http:
						  cache:
						    store: memory
						    expire-after: 0
						    status-expire-after:
						      "404": -1
						    stale-if-error: true
						    stale-while-revalidate: false
						""".getBytes(StandardCharsets.UTF_8)));
		CacheContexts.withoutStore()
			.withInitializer((context) -> sources.forEach(context.getEnvironment().getPropertySources()::addFirst))
			.run((context) -> {
				HttpCacheProperties properties = context.getBean(HttpCacheProperties.class);
				assertThat(properties.getExpireAfter()).isEqualTo(Expiration.IMMEDIATELY);
				assertThat(properties.getStatusExpireAfter()).containsEntry("404", Expiration.NEVER);
				assertThat(properties.getStaleIfError()).isEqualTo(StaleWindow.UNLIMITED);
				assertThat(properties.getStaleWhileRevalidate()).isEqualTo(StaleWindow.OFF);
			});
	}

	@Test
	void settingsThatNeedOnlyThePropertiesFailBindingNotABeanMethod() {
		String[][] cases = { { "http.cache.url-rules[0].pattern=http://", "http.cache.url-rules[0].pattern" },
				{ "http.cache.allowable-codes=2x", "http.cache.allowable-codes" },
				{ "http.cache.status-expire-after.40=1m", "http.cache.status-expire-after" },
				{ "http.cache.credential-headers=Not A Header", "http.cache.credential-headers" },
				{ "http.cache.key-secret=short", "http.cache.key-secret" },
				{ "http.cache.max-entry-size=-1B", "http.cache.max-entry-size" } };
		for (String[] invalid : cases) {
			CacheContexts.withoutStore()
				.withPropertyValues("http.cache.store=memory", "http.cache.url-rules[0].pattern=example.com/**",
						"http.cache.url-rules[0].expire-after=1m", invalid[0])
				.run((context) -> {
					assertThat(context).as(invalid[0]).hasFailed();
					assertThat(context.getStartupFailure()).as(invalid[0])
						.hasStackTraceContaining("Could not bind properties to 'HttpCacheProperties'")
						.rootCause()
						.isInstanceOf(InvalidHttpCacheSettingException.class)
						.hasMessageContaining(invalid[1]);
				});
		}
	}

	@Test
	void defaultsAreTheOnesTheCoreAndTheStoresApply() {
		HttpCacheProperties properties = new HttpCacheProperties();
		CacheSettings defaults = CacheSettings.defaults();
		assertThat(properties.getExpireAfter()).isEqualTo(defaults.expireAfter());
		assertThat(properties.isCacheControl()).isEqualTo(defaults.cacheControl());
		assertThat(properties.isShared()).isEqualTo(defaults.shared());
		assertThat(properties.getMaxEntrySize().toBytes()).isEqualTo(defaults.maxEntrySize())
			.isEqualTo(CacheEntryCodec.DEFAULT_MAX_BODY_SIZE);
		assertThat(properties.getStaleIfError().duration()).isEqualTo(defaults.staleIfError());
		assertThat(properties.getStaleWhileRevalidate().duration()).isEqualTo(defaults.staleWhileRevalidate());
		assertThat(properties.getMaxVariants()).isEqualTo(RedisCacheStore.DEFAULT_MAX_VARIANTS);
		assertThat(properties.getRedis().getTimeout()).isEqualTo(StoreCallGuard.DEFAULT_TIMEOUT);
		assertThat(properties.getRedis().getCircuitBreaker().getFailureThreshold())
			.isEqualTo(StoreCallGuard.DEFAULT_FAILURE_THRESHOLD);
		assertThat(properties.getRedis().getCircuitBreaker().getCoolDown()).isEqualTo(StoreCallGuard.DEFAULT_COOL_DOWN);
		assertThat(CacheSettingsMapper.map(properties)).isEqualTo(defaults);
	}

}
