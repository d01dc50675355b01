package io.github.httpcache.client;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.httpcache.HttpCache;
import io.github.httpcache.autoconfigure.HttpCacheAutoConfiguration;
import io.github.httpcache.autoconfigure.HttpCacheEndpoint;
import io.github.httpcache.autoconfigure.HttpCacheEndpointAutoConfiguration;
import io.github.httpcache.internal.metrics.NearCacheMetrics;
import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.MutableClock;
import io.github.httpcache.test.TcpProxy;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import io.github.httpcache.test.TestRedis;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near tier ({@code http.cache.near.enabled=true}) across two application contexts on one Redis,
 * A and B, each with its own near tier: after every kind of change made through A (or to Redis itself),
 * B stops serving the old body from its near tier within a bounded poll, and A at once. The origin
 * answers {@code v<n>}, where n moves when the test changes the resource.
 */
class NearCacheCoherenceTests {

	/** Far beyond the p99 measured on loopback (about a millisecond); only a lost invalidation reaches it. */
	private static final Duration COHERENCE_BOUND = Duration.ofSeconds(5);

	private final AtomicInteger version = new AtomicInteger(1);

	private final MutableClock clock = new MutableClock();

	private TestOrigin origin;

	private String prefix;

	@BeforeEach
	void start() {
		this.prefix = "near-" + UUID.randomUUID() + ":";
		this.origin = TestOrigin.start().otherwise((request) -> request.method().equals("GET")
				? Reply.ok("v" + this.version.get())
					.header("Cache-Control", "max-age=60")
					.header("ETag", "\"" + this.version.get() + "\"")
				: Reply.ok("done"));
	}

	@AfterEach
	void stop() {
		this.origin.close();
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aPostThroughOneInstanceDropsTheOthersNearCopy(ClientKind kind) {
		twoInstances((a, b) -> {
			Client clientA = kind.create(a);
			Client clientB = kind.create(b);
			String url = this.origin.url("/post");
			warmNear(clientA, url, "v1");
			warmNear(clientB, url, "v1");
			this.version.set(2);
			// RFC 9111 §4.4: a successful unsafe request invalidates the target URI.
			assertThat(clientA.exchange("POST", url, Map.of("Content-Type", "text/plain"), "x", (attributes) -> {
			}).status()).isEqualTo(200);
			assertThat(clientA.get(url).body()).as("A, at once, after its own invalidation").isEqualTo("v2");
			awaitNoLongerServes(clientB, url, "v1");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void anEvictThroughTheHttpCacheBeanDropsTheOthersNearCopy(ClientKind kind) {
		twoInstances((a, b) -> {
			Client clientA = kind.create(a);
			Client clientB = kind.create(b);
			String url = this.origin.url("/evict");
			warmNear(clientA, url, "v1");
			warmNear(clientB, url, "v1");
			this.version.set(2);
			a.getBean(HttpCache.class).evict(url);
			assertThat(clientA.get(url).body()).as("A, at once, after its own eviction").isEqualTo("v2");
			awaitNoLongerServes(clientB, url, "v1");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void anEvictThroughTheActuatorEndpointDropsEveryNearCopy(ClientKind kind) {
		twoInstances((a, b) -> {
			Client clientA = kind.create(a);
			Client clientB = kind.create(b);
			String url = this.origin.url("/endpoint");
			warmNear(clientA, url, "v1");
			warmNear(clientB, url, "v1");
			this.version.set(2);
			a.getBean(HttpCacheEndpoint.class).evict(url);
			assertThat(clientA.get(url).body()).as("A, at once, after its endpoint's eviction").isEqualTo("v2");
			awaitNoLongerServes(clientB, url, "v1");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aReplacementAfterA200RevalidationReachesTheOtherFromRedis(ClientKind kind) {
		twoInstances((a, b) -> {
			Client clientA = kind.create(a);
			Client clientB = kind.create(b);
			String url = this.origin.url("/replaced");
			warmNear(clientA, url, "v1");
			warmNear(clientB, url, "v1");
			this.version.set(2);
			// A revalidates (request no-cache); the origin's ETag moved, so it answers 200 and A replaces the entry.
			Result replaced = clientA.get(url, Map.of("Cache-Control", "no-cache"));
			assertThat(replaced.body()).isEqualTo("v2");
			assertThat(replaced.cacheStatus()).contains("stored");
			int originCalls = this.origin.requestCount();
			awaitNoLongerServes(clientB, url, "v1");
			Result fromB = clientB.get(url);
			assertThat(fromB.body()).isEqualTo("v2");
			assertThat(fromB.cacheStatus()).as("B reads A's replacement").contains("hit");
			assertThat(this.origin.requestCount()).as("B took the replacement from Redis, not the origin")
				.isEqualTo(originCalls);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aFlushdbDropsEveryNearCopy(ClientKind kind) {
		twoInstances((a, b) -> {
			Client clientA = kind.create(a);
			Client clientB = kind.create(b);
			String url = this.origin.url("/flushed");
			warmNear(clientA, url, "v1");
			warmNear(clientB, url, "v1");
			this.version.set(2);
			LettuceConnectionFactory factory = TestRedis.get().connectionFactory();
			try (RedisConnection connection = factory.getConnection()) {
				connection.serverCommands().flushDb();
			}
			finally {
				factory.destroy();
			}
			awaitNoLongerServes(clientA, url, "v1");
			awaitNoLongerServes(clientB, url, "v1");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void whatChangesWhileTheChannelIsDownIsNeverServedFromTheNearTier(ClientKind kind) throws Exception {
		try (TcpProxy proxy = TcpProxy.to(TestRedis.get().host(), TestRedis.get().port()).start()) {
			ApplicationContextRunner behindProxy = contexts().withPropertyValues("spring.data.redis.port=" + proxy.port(),
					"http.cache.redis.circuit-breaker.cool-down=100ms", "http.cache.redis.timeout=1s");
			contexts().run((a) -> behindProxy.run((b) -> {
				Client clientA = kind.create(a);
				Client clientB = kind.create(b);
				String url = this.origin.url("/restart");
				warmNear(clientA, url, "v1");
				warmNear(clientB, url, "v1");
				// Redis goes away for B: its connections drop, new ones are refused.
				proxy.refuse();
				proxy.dropConnections();
				this.version.set(2);
				assertThat(clientA.exchange("POST", url, Map.of("Content-Type", "text/plain"), "x", (attributes) -> {
				}).status()).isEqualTo(200);
				assertThat(clientA.get(url).body()).isEqualTo("v2");
				// B heard nothing of it; whatever it answers now, and once Redis is back, is not v1.
				assertThat(clientB.get(url).body()).as("B while Redis is unreachable").isEqualTo("v2");
				proxy.start();
				Awaitility.await()
					.atMost(Duration.ofSeconds(20))
					.pollInterval(Duration.ofMillis(20))
					.untilAsserted(() -> {
						Result result = clientB.get(url);
						assertThat(result.body()).isEqualTo("v2");
						assertThat(result.cacheStatus()).as("B's near tier is back").contains("detail=near");
					});
			}));
		}
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void nearLookupsCountInTheNearMeterAndAnswerAsARedisHitWould(ClientKind kind) {
		contexts().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			Client client = kind.create(context);
			String url = this.origin.url("/metered");
			warmNear(client, url, "v1");
			this.clock.advance(Duration.ofSeconds(20));
			Result nearHit = client.get(url);
			assertThat(nearHit.cacheStatus()).isEqualTo("http-cache; hit; ttl=40; detail=near");
			assertThat(nearHit.header("Age")).containsExactly("20");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get(NearCacheMetrics.NEAR_REQUESTS).tag("result", "hit").counter().count())
				.isGreaterThanOrEqualTo(2);
			assertThat(registry.get(NearCacheMetrics.NEAR_REQUESTS).tag("result", "miss").counter().count())
				.isGreaterThanOrEqualTo(1);
			// Stale in the near tier as in Redis: revalidated, never served as fresh.
			this.clock.advance(Duration.ofSeconds(41));
			assertThat(client.get(url).cacheStatus()).startsWith("http-cache; fwd=stale");
		});
	}

	private ApplicationContextRunner contexts() {
		return CacheContexts.withRedis(this.prefix)
			.withConfiguration(AutoConfigurations.of(HttpCacheEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=httpcache")
			.withBean(HttpCacheAutoConfiguration.CLOCK_BEAN_NAME, java.time.Clock.class, () -> this.clock)
			.withPropertyValues("http.cache.near.enabled=true", "http.cache.cache-control=true");
	}

	private void twoInstances(TwoContexts test) {
		contexts().run((a) -> contexts().run((b) -> test.run(a, b)));
	}

	/** Reads until the answer comes from the near tier (its channel opens in the background at start-up). */
	private static void warmNear(Client client, String url, String body) {
		Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
			Result result = client.get(url);
			assertThat(result.body()).isEqualTo(body);
			assertThat(result.cacheStatus()).contains("detail=near");
		});
	}

	/** Polls, bounded, until the client stops answering the old body, and checks it never comes back. */
	private static void awaitNoLongerServes(Client client, String url, String old) {
		Awaitility.await()
			.atMost(COHERENCE_BOUND)
			.pollInterval(Duration.ofMillis(2))
			.until(() -> !old.equals(client.get(url).body()));
		for (int i = 0; i < 5; i++) {
			assertThat(client.get(url).body()).isNotEqualTo(old);
		}
	}

	@FunctionalInterface
	private interface TwoContexts {

		void run(AssertableApplicationContext a, AssertableApplicationContext b) throws Exception;

	}

}
