package io.github.httpcache;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.github.httpcache.autoconfigure.HttpCacheAutoConfiguration;
import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.MutableClock;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@link HttpCache} bean against both stores (Redis walked with SCAN, and memory), filled through a
 * real client, and the per-request {@code HttpCacheRequest.invalidates(...)} through each client.
 */
class HttpCacheTests {

	private final MutableClock clock = new MutableClock();

	private TestOrigin origin;

	@BeforeEach
	void startOrigin() {
		this.origin = TestOrigin.start()
			.otherwise((request) -> Reply.ok(request.method() + " " + request.uri().getPath()).header("ETag", "\"v\""));
	}

	@AfterEach
	void stopOrigin() {
		this.origin.close();
	}

	private ApplicationContextRunner contexts(String store) {
		return CacheContexts.withRedis()
			.withPropertyValues("http.cache.store=" + store, "http.cache.expire-after=1m")
			.withBean(HttpCacheAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> this.clock);
	}

	private String host() {
		return "127.0.0.1:" + this.origin.port();
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "memory" })
	void containsEntriesAndEvictAnswerForAUrlAsAUserWritesIt(String store) {
		contexts(store).run((context) -> {
			Client client = ClientKind.REST_CLIENT.create(context);
			HttpCache cache = context.getBean(HttpCache.class);
			client.get(this.origin.url("/things?b=2&a=1"));
			assertThat(cache.contains(host() + "/things?a=1&b=2")).isTrue();
			assertThat(cache.contains(this.origin.url("/other"))).isFalse();
			assertThat(cache.entries(this.origin.url("/things?a=1&b=2"))).singleElement()
				.satisfies((entry) -> assertThat(entry.status()).isEqualTo(200));
			cache.evict(this.origin.url("/things?a=1&b=2"));
			assertThat(cache.contains(this.origin.url("/things?a=1&b=2"))).isFalse();
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "memory" })
	void evictMatchingTakesTheUrlsExpireAfterGlobSyntax(String store) {
		contexts(store).run((context) -> {
			Client client = ClientKind.REST_CLIENT.create(context);
			HttpCache cache = context.getBean(HttpCache.class);
			for (String path : new String[] { "/things", "/things/1", "/things/1/parts?page=2", "/users/1" }) {
				client.get(this.origin.url(path));
			}
			assertThat(cache.evictMatching(host() + "/things/*")).isEqualTo(1);
			assertThat(cache.contains(this.origin.url("/things/1"))).isFalse();
			assertThat(cache.contains(this.origin.url("/things/1/parts?page=2"))).isTrue();
			assertThat(cache.evictMatching("127.0.0.1/things/**")).as("** also matches the empty rest").isEqualTo(2);
			assertThat(cache.contains(this.origin.url("/users/1"))).isTrue();
			assertThatIllegalArgumentException().isThrownBy(() -> cache.evictMatching("ftp://x"));
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "memory" })
	void deleteExpiredRemovesOnlyStaleEntriesAndResetExpirationRenewsEveryOne(String store) {
		contexts(store).run((context) -> {
			Client client = ClientKind.REST_CLIENT.create(context);
			HttpCache cache = context.getBean(HttpCache.class);
			client.get(this.origin.url("/old"));
			this.clock.advance(Duration.ofSeconds(61));
			client.get(this.origin.url("/new"));
			assertThat(cache.deleteExpired()).isEqualTo(1);
			assertThat(cache.contains(this.origin.url("/old"))).isFalse();
			assertThat(cache.contains(this.origin.url("/new"))).isTrue();
			assertThat(cache.resetExpiration(Duration.ofHours(1))).isEqualTo(1);
			this.clock.advance(Duration.ofMinutes(59));
			int before = this.origin.requestCount();
			assertThat(client.get(this.origin.url("/new")).cacheStatus()).startsWith("http-cache; hit");
			assertThat(cache.resetExpiration(Duration.ZERO)).isEqualTo(1);
			this.origin.enqueue(Reply.notModified());
			assertThat(client.get(this.origin.url("/new")).cacheStatus()).startsWith("http-cache; fwd=stale; fwd-status=304");
			assertThat(this.origin.requestCount()).isEqualTo(before + 1);
			cache.clear();
			assertThat(cache.contains(this.origin.url("/new"))).isFalse();
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aSuccessfulWriteEvictsWhatItsInvalidatesGlobMatches(ClientKind kind) {
		assumeTrue(kind.supportsAttributes(), "RestTemplate has no request attributes");
		contexts("redis").run((context) -> {
			Client client = kind.create(context);
			HttpCache cache = context.getBean(HttpCache.class);
			client.get(this.origin.url("/things?page=1"));
			client.get(this.origin.url("/things?page=2"));
			client.get(this.origin.url("/users"));
			this.origin.enqueue(Reply.status(500, "failed"));
			client.exchange("POST", this.origin.url("/orders"), Map.of(), "x",
					HttpCacheRequest.invalidates(host() + "/things**"));
			assertThat(cache.contains(this.origin.url("/things?page=1"))).as("a failed write evicts nothing").isTrue();
			client.exchange("POST", this.origin.url("/orders"), Map.of(), "x",
					HttpCacheRequest.invalidates(host() + "/things**"));
			assertThat(cache.contains(this.origin.url("/things?page=1"))).isFalse();
			assertThat(cache.contains(this.origin.url("/things?page=2"))).isFalse();
			assertThat(cache.contains(this.origin.url("/users"))).isTrue();
			assertThat(client.get(this.origin.url("/things?page=2")).cacheStatus()).isEqualTo("http-cache; fwd=uri-miss; stored");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void anInvalidGlobIsLoggedAndTheRequestSucceeds(ClientKind kind) {
		assumeTrue(kind.supportsAttributes(), "RestTemplate has no request attributes");
		contexts("memory").run((context) -> {
			Client client = kind.create(context);
			assertThat(client.exchange("POST", this.origin.url("/orders"), Map.of(), "x",
					HttpCacheRequest.invalidates("ftp://nowhere")).status()).isEqualTo(200);
		});
	}

}
