package io.github.httpcache.client;

import java.time.Clock;
import java.util.Map;

import io.github.httpcache.autoconfigure.HttpCacheAutoConfiguration;
import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.MutableClock;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The foundation's promises, proven with the origin's request count, against a real Redis and every
 * client built from Spring Boot's builders.
 */
class CachingEndToEndTests {

	private TestOrigin origin;

	@BeforeEach
	void startOrigin() {
		this.origin = TestOrigin.start().otherwise((request) -> Reply.ok("body of " + request.uri()));
	}

	@AfterEach
	void stopOrigin() {
		this.origin.close();
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void repeatedGetIsServedFromTheCache(ClientKind kind) {
		// A clock that stands still: on a loaded machine the first exchange can take a second, and Age counts it.
		CacheContexts.withRedis()
			.withBean(HttpCacheAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, MutableClock::new)
			.run((context) -> {
				Client client = kind.create(context);
				Result first = client.get(this.origin.url("/a"));
				Result second = client.get(this.origin.url("/a"));
				assertThat(this.origin.requestCount()).isEqualTo(1);
				assertThat(first.body()).isEqualTo("body of /a");
				assertThat(first.cacheStatus()).isEqualTo("http-cache; fwd=uri-miss; stored");
				assertThat(second.body()).isEqualTo("body of /a");
				assertThat(second.cacheStatus()).isEqualTo("http-cache; hit");
				assertThat(second.header("Age")).containsExactly("0");
			});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void doNotCacheReachesTheOriginEveryTime(ClientKind kind) {
		CacheContexts.withRedis().withPropertyValues("http.cache.expire-after=do-not-cache").run((context) -> {
			Client client = kind.create(context);
			client.get(this.origin.url("/a"));
			Result second = client.get(this.origin.url("/a"));
			assertThat(this.origin.requestCount()).isEqualTo(2);
			assertThat(second.cacheStatus()).isEqualTo("http-cache; fwd=bypass");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void disabledCacheReachesTheOriginEveryTimeAndAddsNothing(ClientKind kind) {
		CacheContexts.withRedis().withPropertyValues("http.cache.enabled=false").run((context) -> {
			Client client = kind.create(context);
			client.get(this.origin.url("/a"));
			Result second = client.get(this.origin.url("/a"));
			assertThat(this.origin.requestCount()).isEqualTo(2);
			assertThat(second.cacheStatus()).isNull();
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void requestNoStoreNeitherReadsNorWrites(ClientKind kind) {
		CacheContexts.withRedis().run((context) -> {
			Client client = kind.create(context);
			client.get(this.origin.url("/a"));
			Result noStore = client.get(this.origin.url("/a"), Map.of("Cache-Control", "no-store"));
			assertThat(this.origin.requestCount()).isEqualTo(2);
			assertThat(noStore.cacheStatus()).isEqualTo("http-cache; fwd=bypass");
			Result uncachedFirst = client.get(this.origin.url("/b"), Map.of("Cache-Control", "no-store"));
			assertThat(uncachedFirst.cacheStatus()).isEqualTo("http-cache; fwd=bypass");
			client.get(this.origin.url("/b"));
			assertThat(this.origin.requestCount()).as("no-store wrote nothing for /b").isEqualTo(4);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void requestNoCacheGoesToTheOriginAndStoresTheAnswer(ClientKind kind) {
		CacheContexts.withRedis().run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A")).enqueue(Reply.ok("B"));
			client.get(this.origin.url("/a"));
			Result noCache = client.get(this.origin.url("/a"), Map.of("Cache-Control", "no-cache"));
			assertThat(noCache.body()).isEqualTo("B");
			assertThat(noCache.cacheStatus()).isEqualTo("http-cache; fwd=request; stored");
			Result after = client.get(this.origin.url("/a"));
			assertThat(after.body()).isEqualTo("B");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void entryStoredByOneApplicationIsAHitForAnotherOnTheSameRedis(ClientKind kind) {
		String prefix = "shared-" + kind + "-" + System.nanoTime() + ":";
		CacheContexts.withRedis(prefix).run((first) -> kind.create(first).get(this.origin.url("/shared")));
		CacheContexts.withRedis(prefix).run((second) -> {
			Result result = kind.create(second).get(this.origin.url("/shared"));
			assertThat(result.cacheStatus()).startsWith("http-cache; hit");
			assertThat(result.body()).isEqualTo("body of /shared");
		});
		assertThat(this.origin.requestCount()).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void postIsNotCached(ClientKind kind) {
		CacheContexts.withRedis().run((context) -> {
			Client client = kind.create(context);
			client.exchange("POST", this.origin.url("/a"), Map.of(), "x", (a) -> {
			});
			client.exchange("POST", this.origin.url("/a"), Map.of(), "x", (a) -> {
			});
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

}
