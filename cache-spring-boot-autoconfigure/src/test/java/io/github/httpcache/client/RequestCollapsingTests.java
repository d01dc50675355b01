package io.github.httpcache.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.httpcache.autoconfigure.HttpCacheAutoConfiguration;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request collapsing against a real Redis and every client: concurrent identical misses make one
 * origin call, within one application ({@code collapse=local}, the default) and across two
 * applications on the same Redis ({@code collapse=redis}); requests whose responses may not be
 * shared (other credentials, another {@code Vary} selection) are never answered with each other's.
 * The origin answers after a delay, so that the concurrent requests overlap.
 */
@Tag("wall-clock")
class RequestCollapsingTests {

	private static final int CALLERS = 100;

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

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void concurrentMissesOnAColdKeyMakeOneOriginCall(ClientKind kind) throws Exception {
		this.origin.otherwise((request) -> Reply.ok("A").delay(300));
		String url = this.origin.url("/cold");
		CacheContexts.withRedis().run((context) -> {
			Client client = kind.create(context);
			List<Result> results = concurrently(Collections.nCopies(CALLERS, () -> client.get(url)));
			assertThat(this.origin.requestCount()).isEqualTo(1);
			assertThat(results).extracting(Result::body).containsOnly("A");
			assertThat(results).extracting(Result::cacheStatus)
				.containsOnlyOnce("http-cache; fwd=uri-miss; stored")
				.allMatch((status) -> status.equals("http-cache; fwd=uri-miss; stored") || status.startsWith("http-cache; hit"));
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void requestsWithDifferentCredentialsAreNotCollapsed(ClientKind kind) throws Exception {
		this.origin.otherwise((request) -> Reply.ok("for " + request.header("Authorization")).delay(300));
		String url = this.origin.url("/private");
		CacheContexts.withRedis().run((context) -> {
			Client client = kind.create(context);
			List<Callable<Result>> calls = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				String user = (i % 2 == 0) ? "Bearer alice" : "Bearer bob";
				calls.add(() -> client.get(url, Map.of("Authorization", user)));
			}
			List<Result> results = concurrently(calls);
			assertThat(this.origin.requestCount()).as("one call per user").isEqualTo(2);
			for (int i = 0; i < results.size(); i++) {
				assertThat(results.get(i).body()).isEqualTo((i % 2 == 0) ? "for Bearer alice" : "for Bearer bob");
			}
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void waitingRequestWithAnotherVarySelectionFetchesItsOwnResponse(ClientKind kind) throws Exception {
		this.origin.otherwise((request) -> Reply.ok("in " + request.header("Accept-Language"))
			.header("Vary", "Accept-Language")
			.delay(300));
		String url = this.origin.url("/varies");
		CacheContexts.withRedis().run((context) -> {
			Client client = kind.create(context);
			List<Callable<Result>> calls = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				String language = (i % 2 == 0) ? "de" : "fr";
				calls.add(() -> client.get(url, Map.of("Accept-Language", language)));
			}
			List<Result> results = concurrently(calls);
			for (int i = 0; i < results.size(); i++) {
				assertThat(results.get(i).body()).isEqualTo((i % 2 == 0) ? "in de" : "in fr");
			}
			assertThat(this.origin.requestCount()).isBetween(2, 6);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void twoApplicationsOnTheSameRedisMakeOneOriginCallWithRedisCollapsing(ClientKind kind) throws Exception {
		this.origin.otherwise((request) -> Reply.ok("A").delay(300));
		String url = this.origin.url("/shared");
		String prefix = "collapse-" + UUID.randomUUID() + ":";
		CacheContexts.withRedis(prefix).withPropertyValues("http.cache.collapse=redis").run((first) -> {
			CacheContexts.withRedis(prefix).withPropertyValues("http.cache.collapse=redis").run((second) -> {
				Client one = kind.create(first);
				Client two = kind.create(second);
				List<Callable<Result>> calls = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					Client client = (i % 2 == 0) ? one : two;
					calls.add(() -> client.get(url));
				}
				List<Result> results = concurrently(calls);
				assertThat(this.origin.requestCount()).isEqualTo(1);
				assertThat(results).extracting(Result::body).containsOnly("A");
			});
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void concurrentRevalidationsAgainstAFailingOriginMakeOneCallAndAnswerStale(ClientKind kind) throws Exception {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
		this.origin.enqueue(Reply.ok("A").header("ETag", "\"a\""))
			.otherwise((request) -> Reply.status(503, "down").delay(300));
		String url = this.origin.url("/failing");
		CacheContexts.withRedis()
			.withBean(HttpCacheAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> clock)
			.withPropertyValues("http.cache.expire-after=60s", "http.cache.stale-if-error=true")
			.run((context) -> {
				Client client = kind.create(context);
				client.get(url);
				clock.advance(Duration.ofSeconds(90));
				List<Result> results = concurrently(Collections.nCopies(20, () -> client.get(url)));
				assertThat(this.origin.requestCount()).as("one fetch, one revalidation; answers: %s",
						results.stream().map((result) -> result.status() + " " + result.cacheStatus()).toList())
					.isEqualTo(2);
				assertThat(results).extracting(Result::body).containsOnly("A");
				assertThat(results).extracting(Result::cacheStatus)
					.containsOnly("http-cache; fwd=stale; fwd-status=503; ttl=-30; detail=stale-if-error");
			});
	}

	/** Starts every call at once, on its own thread, and returns the results in order. */
	private static List<Result> concurrently(List<Callable<Result>> calls) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(calls.size());
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Result>> futures = new ArrayList<>();
			for (Callable<Result> call : calls) {
				futures.add(threads.submit(() -> {
					start.await();
					return call.call();
				}));
			}
			start.countDown();
			List<Result> results = new ArrayList<>();
			for (Future<Result> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			threads.shutdownNow();
		}
	}

}
