package io.github.httpcache.test;

import java.util.UUID;

import io.github.httpcache.autoconfigure.HttpCacheAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

/**
 * Application contexts as a user's application would have them: Spring Boot's Redis and HTTP client
 * auto-configurations plus ours, pointed at the test Redis under a key prefix of their own, so tests
 * never see each other's entries.
 */
public final class CacheContexts {

	private CacheContexts() {
	}

	/** A runner with the auto-configurations a user gets, on the shared test Redis, under a fresh prefix. */
	public static ApplicationContextRunner withRedis() {
		return withRedis("test-" + UUID.randomUUID() + ":");
	}

	public static ApplicationContextRunner withRedis(String keyPrefix) {
		// A cold first call (class loading, BlockHound instrumenting each class it loads) on a busy
		// two-core machine can pass the 250ms default; tests of the timeout set their own.
		return withoutStore().withPropertyValues(TestRedis.get().springProperties())
			.withPropertyValues("http.cache.redis.key-prefix=" + keyPrefix, "http.cache.redis.timeout=5s");
	}

	/** The auto-configurations alone, with no Redis address set. */
	public static ApplicationContextRunner withoutStore() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class, RestClientAutoConfiguration.class,
				RestTemplateAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
				CodecsAutoConfiguration.class, WebClientAutoConfiguration.class, HttpCacheAutoConfiguration.class));
	}

}
