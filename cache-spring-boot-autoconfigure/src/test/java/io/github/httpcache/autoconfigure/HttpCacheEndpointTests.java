package io.github.httpcache.autoconfigure;

import java.time.Clock;
import java.util.List;

import io.github.httpcache.autoconfigure.HttpCacheEndpoint.CacheDescriptor;
import io.github.httpcache.autoconfigure.HttpCacheEndpoint.EntriesDescriptor;
import io.github.httpcache.client.CachingClientHttpRequestInterceptor;
import io.github.httpcache.client.HttpCacheEngine;
import io.github.httpcache.core.Expiration;
import io.github.httpcache.internal.core.CachePolicy;
import io.github.httpcache.internal.core.CacheSettings;
import io.github.httpcache.internal.store.InMemoryCacheStore;
import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link HttpCacheEndpoint} as a plain object over an in-memory store, and the conditions of
 * {@link HttpCacheEndpointAutoConfiguration}.
 */
class HttpCacheEndpointTests {

	private TestOrigin origin;

	private InMemoryCacheStore store;

	private HttpCacheCounters counters;

	private HttpCacheEndpoint endpoint;

	private RestClient client;

	@BeforeEach
	void setUp() {
		this.origin = TestOrigin.start().otherwise((request) -> Reply.ok("body of " + request.uri()));
		this.store = new InMemoryCacheStore(1024 * 1024);
		this.counters = new HttpCacheCounters();
		HttpCacheEngine engine = new HttpCacheEngine(
				new CachePolicy(CacheSettings.defaults().withExpireAfter(Expiration.parse("10m"))), this.store,
				Clock.systemUTC(), List.of(this.counters));
		this.endpoint = new HttpCacheEndpoint(engine, this.counters);
		this.client = RestClient.builder().requestInterceptor(new CachingClientHttpRequestInterceptor(engine)).build();
	}

	@AfterEach
	void stopOrigin() {
		this.origin.close();
	}

	@Test
	void showsTheEffectiveSettingsAndCounters() {
		get("/a");
		get("/a");
		CacheDescriptor cache = this.endpoint.cache();
		assertThat(cache.name()).isEqualTo("http-cache");
		assertThat(cache.store()).isEqualTo("memory");
		assertThat(cache.keyPrefix()).isNull();
		assertThat(cache.settings().expireAfter()).as("as written in application.yml").isEqualTo("10m");
		assertThat(cache.settings().allowableMethods()).containsExactly("GET", "HEAD");
		assertThat(cache.settings().staleIfError()).as("a boolean, as cacheControl").isEqualTo(false);
		assertThat(cache.counters().requests()).containsEntry("miss", 1L).containsEntry("hit", 1L).containsEntry("error", 0L);
		assertThat(cache.counters().revalidations()).containsOnlyKeys("not_modified", "modified", "error");
	}

	@Test
	void looksUpWhatIsStoredForAUrlWithoutBodiesOrCredentials() {
		this.origin.enqueue(Reply.ok("secret body").header("ETag", "\"a\"").header("Cache-Control", "public")
			.header("Set-Cookie", "session=123"));
		get("/a?b=2&a=1");
		EntriesDescriptor found = this.endpoint.entries("entries", this.origin.url("/a?a=1&b=2"));
		assertThat(found.url()).isEqualTo(this.origin.url("/a?a=1&b=2"));
		assertThat(found.entries()).singleElement().satisfies((entry) -> {
			assertThat(entry.method()).isEqualTo("GET");
			assertThat(entry.status()).isEqualTo(200);
			assertThat(entry.headers()).hasEntrySatisfying("Etag", (values) -> assertThat(values).containsExactly("\"a\""));
			assertThat(entry.headers().keySet()).noneMatch((name) -> name.equalsIgnoreCase("Set-Cookie"));
			assertThat(entry.bodySize()).isEqualTo("secret body".length());
			assertThat(entry.expires()).isAfter(entry.created());
		});
		assertThat(found.toString()).doesNotContain("secret body").doesNotContain("session=123");
	}

	@Test
	void looksUpNothingForAUrlNeverStored() {
		assertThat(this.endpoint.entries("entries", this.origin.url("/never")).entries()).isEmpty();
	}

	@Test
	void answersNotFoundForAnotherSelector() {
		assertThat(this.endpoint.entries("other", this.origin.url("/a"))).isNull();
	}

	@Test
	void rejectsAUrlWithoutAHost() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.entries("entries", "http:///path"));
	}

	@Test
	void evictsOneUrlAndKeepsTheOthers() {
		get("/a");
		get("/b");
		this.endpoint.evict(this.origin.url("/a"));
		assertThat(this.endpoint.entries("entries", this.origin.url("/a")).entries()).isEmpty();
		assertThat(this.endpoint.entries("entries", this.origin.url("/b")).entries()).hasSize(1);
		get("/a");
		assertThat(this.origin.requestCount()).isEqualTo(3);
	}

	@Test
	void clearsEverything() {
		get("/a");
		get("/b");
		this.endpoint.evict(null);
		assertThat(this.store.size()).isZero();
		get("/a");
		assertThat(this.origin.requestCount()).isEqualTo(3);
	}

	@Test
	void isAutoConfiguredWhenExposed() {
		CacheContexts.withRedis()
			.withConfiguration(AutoConfigurations.of(HttpCacheEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=httpcache")
			.run((context) -> {
				assertThat(context).hasSingleBean(HttpCacheEndpoint.class);
				assertThat(context.getBean(HttpCacheEndpoint.class).cache().store()).isEqualTo("redis");
			});
	}

	@Test
	void isNotAutoConfiguredWhenNotExposed() {
		CacheContexts.withRedis()
			.withConfiguration(AutoConfigurations.of(HttpCacheEndpointAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(HttpCacheEndpoint.class);
				assertThat(context).doesNotHaveBean(HttpCacheCounters.class);
			});
	}

	@Test
	void isNotAutoConfiguredWithoutActuator() {
		CacheContexts.withRedis()
			.withConfiguration(AutoConfigurations.of(HttpCacheEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=httpcache")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("httpCacheEndpoint");
				assertThat(context).hasSingleBean(HttpCacheEngine.class);
			});
	}

	@Test
	void isNotAutoConfiguredWhenTheCacheIsDisabled() {
		CacheContexts.withRedis()
			.withConfiguration(AutoConfigurations.of(HttpCacheEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=httpcache", "http.cache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HttpCacheEndpoint.class));
	}

	private String get(String path) {
		return this.client.get().uri(this.origin.url(path)).retrieve().body(String.class);
	}

}
