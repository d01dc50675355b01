package io.github.httpcache.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.httpcache.autoconfigure.HttpCacheAutoConfiguration;
import io.github.httpcache.client.HttpCacheListener.RevalidationOutcome;
import io.github.httpcache.test.RecordingListener;
import io.github.httpcache.core.CacheOutcome;
import io.github.httpcache.test.BlockingCalls;
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

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Behaviours the blocking and reactive clients once had in two versions, now one flow: each is proved
 * over every client, against a real origin and a real Redis.
 */
class OneFlowEndToEndTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));

	private final RecordingListener events = new RecordingListener();

	private TestOrigin origin;

	@BeforeEach
	void startOrigin() {
		this.origin = TestOrigin.start();
		BlockingCalls.clear();
	}

	@AfterEach
	void stopOrigin() {
		this.origin.close();
		assertThat(BlockingCalls.detected()).as("blocking calls on non-blocking threads").isEmpty();
	}

	private ApplicationContextRunner contexts(String... properties) {
		return CacheContexts.withRedis()
			.withBean(HttpCacheAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> this.clock)
			.withBean(RecordingListener.class, () -> this.events)
			.withPropertyValues("http.cache.expire-after=60s")
			.withPropertyValues(properties);
	}

	/**
	 * After a 304 that names nothing stored, the request is repeated without validators (RFC 9111
	 * §4.3.4); when that repeat cannot reach the origin, it is answered as any unreachable origin is:
	 * the stale entry under {@code stale-if-error} (RFC 5861 §4), never a thrown error on one client
	 * and a stale answer on another.
	 */
	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void failedUnconditionalRetryAfterAnUnusable304IsAnsweredStaleIfErrorAllows(ClientKind kind) {
		CountDownLatch release = new CountDownLatch(1);
		contexts("http.cache.stale-if-error=5m", "spring.http.clients.read-timeout=1s").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("ETag", "\"a\""))
				.enqueue(Reply.notModified().header("ETag", "\"unknown\""))
				.otherwise((request) -> {
					awaitRelease(release);
					return Reply.ok("B");
				});
			String url = this.origin.url("/a");
			try {
				client.get(url);
				this.clock.advance(Duration.ofSeconds(90));
				Result stale = client.get(url);
				assertThat(stale.status()).isEqualTo(200);
				assertThat(stale.body()).isEqualTo("A");
				assertThat(stale.cacheStatus()).isEqualTo("http-cache; fwd=stale; ttl=-30; detail=stale-if-error");
				assertThat(this.origin.requestCount()).as("first, revalidation, unconditional retry").isEqualTo(3);
				assertThat(this.events.requests()).containsExactly(CacheOutcome.MISS, CacheOutcome.STALE);
			}
			finally {
				release.countDown();
			}
		});
	}

	/**
	 * A {@code stale-while-revalidate} refresh whose 304 selects several stored variants (one strong
	 * entity tag) freshens each of them (RFC 9111 §4.3.4), as a foreground revalidation does.
	 */
	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void backgroundNotModifiedFreshensEveryVariantItSelects(ClientKind kind) {
		contexts("http.cache.stale-while-revalidate=5m").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("ETag", "\"x\"").header("Vary", "Accept"))
				.enqueue(Reply.ok("A").header("ETag", "\"x\"").header("Vary", "Accept"))
				.enqueue(Reply.notModified().header("ETag", "\"x\""));
			String url = this.origin.url("/a");
			client.get(url, Map.of("Accept", "text/a"));
			client.get(url, Map.of("Accept", "text/b"));
			this.clock.advance(Duration.ofSeconds(90));
			Result stale = client.get(url, Map.of("Accept", "text/a"));
			assertThat(stale.cacheStatus()).endsWith("detail=stale-while-revalidate");
			await().atMost(Duration.ofSeconds(30)).until(() -> this.events.revalidations().size() == 1);
			assertThat(this.events.revalidations()).containsExactly(RevalidationOutcome.NOT_MODIFIED);
			Result other = client.get(url, Map.of("Accept", "text/b"));
			assertThat(other.cacheStatus()).as("the other variant was freshened by the same 304")
				.isEqualTo("http-cache; hit; ttl=60");
			assertThat(this.origin.requestCount()).isEqualTo(3);
		});
	}

	/**
	 * A 5xx answer to a revalidation is a failed revalidation, whether the caller waits for it or it runs
	 * in the background: {@code error}, never {@code modified}.
	 */
	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void serverErrorToARevalidationCountsAsAnErrorInTheForegroundAsInTheBackground(ClientKind kind) {
		contexts().run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("ETag", "\"a\""))
				.otherwise((request) -> Reply.status(503, "down"));
			String url = this.origin.url("/a");
			client.get(url);
			this.clock.advance(Duration.ofSeconds(90));
			Result error = client.get(url);
			assertThat(error.status()).isEqualTo(503);
			assertThat(error.cacheStatus()).isEqualTo("http-cache; fwd=stale; fwd-status=503");
			assertThat(this.origin.lastRequest().header("If-None-Match")).isEqualTo("\"a\"");
			assertThat(this.events.revalidations()).containsExactly(RevalidationOutcome.ERROR);
			assertThat(this.events.requests()).containsExactly(CacheOutcome.MISS, CacheOutcome.ERROR);
		});
		this.events.clear();
		contexts("http.cache.stale-while-revalidate=5m").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("ETag", "\"b\"")).otherwise((request) -> Reply.status(503, "down"));
			String url = this.origin.url("/b");
			client.get(url);
			this.clock.advance(Duration.ofSeconds(90));
			assertThat(client.get(url).body()).isEqualTo("A");
			await().atMost(Duration.ofSeconds(30)).until(() -> this.events.revalidations().size() == 1);
			assertThat(this.events.revalidations()).containsExactly(RevalidationOutcome.ERROR);
		});
	}

	private static void awaitRelease(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
