package io.github.httpcache.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.httpcache.client.HttpCacheListener.RevalidationOutcome;
import io.github.httpcache.core.CacheOutcome;
import io.github.httpcache.test.BlockingCalls;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.HttpCacheFixture;
import io.github.httpcache.test.MutableClock;
import io.github.httpcache.test.RecordingListener;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stale answers (RFC 5861) against a real Redis and every client: {@code stale-if-error} when the
 * origin is down, answers 5xx or times out; {@code stale-while-revalidate} answering at once while one
 * background refresh per entry runs. Time moves on the injected clock; the origin's count proves
 * what it saw.
 */
class StaleAnswersTests {

	@RegisterExtension
	final HttpCacheFixture fixture = HttpCacheFixture.scripted()
		.startingAt(Instant.parse("2026-11-25T12:00:00Z"))
		.withProperties("http.cache.expire-after=60s");

	private final MutableClock clock = this.fixture.clock();

	private final RecordingListener events = this.fixture.listener();

	private final TestOrigin origin = this.fixture.origin();

	@BeforeEach
	void forgetBlockingCalls() {
		BlockingCalls.clear();
	}

	@AfterEach
	void nothingBlocked() {
		assertThat(BlockingCalls.detected()).as("blocking calls on non-blocking threads").isEmpty();
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void unreachableOriginIsAnsweredWithTheStaleEntry(ClientKind kind) {
		this.fixture.contexts("http.cache.stale-if-error=5m").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A"));
			String url = this.origin.url("/a");
			client.get(url);
			this.origin.close();
			this.clock.advance(Duration.ofSeconds(90));
			Result stale = client.get(url);
			assertThat(stale.status()).isEqualTo(200);
			assertThat(stale.body()).isEqualTo("A");
			assertThat(stale.cacheStatus()).isEqualTo("http-cache; fwd=stale; ttl=-30; detail=stale-if-error");
			assertThat(this.events.requests()).containsExactly(CacheOutcome.MISS, CacheOutcome.STALE);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void serverErrorIsAnsweredWithTheStaleEntryWithinTheWindowOnly(ClientKind kind) {
		this.fixture.contexts("http.cache.stale-if-error=30s").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("ETag", "\"a\""))
				.otherwise((request) -> Reply.status(503, "down"));
			String url = this.origin.url("/a");
			client.get(url);
			this.clock.advance(Duration.ofSeconds(70));
			Result stale = client.get(url);
			assertThat(stale.body()).isEqualTo("A");
			assertThat(stale.cacheStatus())
				.isEqualTo("http-cache; fwd=stale; fwd-status=503; ttl=-10; detail=stale-if-error");
			assertThat(this.events.revalidations()).containsExactly(RevalidationOutcome.ERROR);
			this.clock.advance(Duration.ofSeconds(21));
			Result error = client.get(url);
			assertThat(error.status()).as("31 s stale is outside the 30 s window").isEqualTo(503);
			assertThat(error.body()).isEqualTo("down");
			assertThat(this.origin.requestCount()).isEqualTo(3);
		});
	}

	@Tag("wall-clock")
	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void timedOutOriginIsAnsweredWithTheStaleEntry(ClientKind kind) {
		// The second answer is held until the test ends, not for a fixed time, and the read timeout is long
		// enough for a first request on a loaded machine: only the held answer can time out.
		CountDownLatch release = new CountDownLatch(1);
		this.fixture.contexts("http.cache.stale-if-error=true", "spring.http.clients.read-timeout=2s").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A")).otherwise((request) -> {
				awaitRelease(release);
				return Reply.ok("B");
			});
			String url = this.origin.url("/a");
			try {
				client.get(url);
				this.clock.advance(Duration.ofHours(2));
				Result stale = client.get(url);
				assertThat(stale.body()).isEqualTo("A");
				assertThat(stale.cacheStatus()).isEqualTo("http-cache; fwd=stale; ttl=-7140; detail=stale-if-error");
			}
			finally {
				release.countDown();
			}
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void mustRevalidateEntryIsNeverServedOnError(ClientKind kind) {
		this.fixture.contexts("http.cache.stale-if-error=true", "http.cache.cache-control=true").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("Cache-Control", "max-age=60, must-revalidate"))
				.otherwise((request) -> Reply.status(503, "down"));
			String url = this.origin.url("/a");
			client.get(url);
			this.clock.advance(Duration.ofSeconds(90));
			Result error = client.get(url);
			assertThat(error.status()).isEqualTo(503);
			assertThat(error.body()).isEqualTo("down");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void responseDirectiveAllowsStaleIfErrorWithCacheControl(ClientKind kind) {
		this.fixture.contexts("http.cache.cache-control=true").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("Cache-Control", "max-age=60, stale-if-error=60"))
				.otherwise((request) -> Reply.status(500, "broken"));
			String url = this.origin.url("/a");
			client.get(url);
			this.clock.advance(Duration.ofSeconds(90));
			Result stale = client.get(url);
			assertThat(stale.body()).isEqualTo("A");
			assertThat(stale.cacheStatus()).endsWith("detail=stale-if-error");
		});
	}

	@Tag("wall-clock")
	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void staleWhileRevalidateAnswersBeforeTheOriginDoesAndTheNextCallerSeesTheRefresh(ClientKind kind) {
		this.fixture.contexts("http.cache.stale-while-revalidate=5m").run((context) -> {
			Client client = kind.create(context);
			CountDownLatch release = new CountDownLatch(1);
			this.origin.enqueue(Reply.ok("A")).otherwise((request) -> {
				awaitRelease(release);
				return Reply.ok("B");
			});
			String url = this.origin.url("/a");
			client.get(url);
			this.clock.advance(Duration.ofSeconds(90));
			Result stale = client.get(url);
			// The origin has not answered yet (it waits for the latch), and the caller already has its answer.
			assertThat(release.getCount()).isEqualTo(1);
			assertThat(stale.body()).isEqualTo("A");
			assertThat(stale.cacheStatus()).isEqualTo("http-cache; hit; ttl=-30; detail=stale-while-revalidate");
			release.countDown();
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				Result refreshed = client.get(url);
				assertThat(refreshed.body()).isEqualTo("B");
				assertThat(refreshed.cacheStatus()).isEqualTo("http-cache; hit; ttl=60");
			});
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@Tag("wall-clock")
	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void concurrentStaleReadsTriggerOneRefreshThatCountsAsARevalidation(ClientKind kind) throws Exception {
		this.fixture.contexts("http.cache.stale-while-revalidate=true").run((context) -> {
			Client client = kind.create(context);
			CountDownLatch release = new CountDownLatch(1);
			this.origin.enqueue(Reply.ok("A").header("ETag", "\"a\"")).otherwise((request) -> {
				awaitRelease(release);
				return Reply.notModified();
			});
			String url = this.origin.url("/a");
			client.get(url);
			this.clock.advance(Duration.ofSeconds(90));
			ExecutorService callers = Executors.newFixedThreadPool(20);
			try {
				List<Future<Result>> results = callers.invokeAll(java.util.Collections.nCopies(20, () -> client.get(url)));
				for (Future<Result> result : results) {
					assertThat(result.get().body()).isEqualTo("A");
					assertThat(result.get().cacheStatus()).endsWith("detail=stale-while-revalidate");
				}
			}
			finally {
				callers.shutdownNow();
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> this.origin.requestCount() == 2);
			release.countDown();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(client.get(url).cacheStatus()).isEqualTo("http-cache; hit; ttl=60"));
			assertThat(this.origin.requestCount()).as("one fetch, one refresh").isEqualTo(2);
			assertThat(this.origin.lastRequest().header("If-None-Match")).isEqualTo("\"a\"");
			assertThat(this.events.revalidations()).containsExactly(RevalidationOutcome.NOT_MODIFIED);
			assertThat(this.events.requests()).doesNotContain(CacheOutcome.REVALIDATED)
				.filteredOn((outcome) -> outcome == CacheOutcome.STALE)
				.hasSize(20);
		});
	}

	@Tag("wall-clock")
	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void failedRefreshLeavesTheEntryAsItWas(ClientKind kind) {
		this.fixture.contexts("http.cache.stale-while-revalidate=5m").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A")).otherwise((request) -> Reply.status(503, "down"));
			String url = this.origin.url("/a");
			client.get(url);
			this.clock.advance(Duration.ofSeconds(90));
			assertThat(client.get(url).body()).isEqualTo("A");
			await().atMost(Duration.ofSeconds(30)).until(() -> this.events.revalidations().size() == 1);
			assertThat(this.events.revalidations()).containsExactly(RevalidationOutcome.ERROR);
			Result again = client.get(url);
			assertThat(again.body()).isEqualTo("A");
			assertThat(again.cacheStatus()).isEqualTo("http-cache; hit; ttl=-30; detail=stale-while-revalidate");
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
