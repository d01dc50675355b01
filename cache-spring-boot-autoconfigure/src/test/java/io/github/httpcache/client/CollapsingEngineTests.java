package io.github.httpcache.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.httpcache.client.HttpCacheEngine.Origin;
import io.github.httpcache.client.HttpCacheEngine.OriginResponse;
import io.github.httpcache.client.HttpCacheEngine.Response;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;
import io.github.httpcache.internal.core.CachePolicy;
import io.github.httpcache.internal.core.CacheSettings;
import io.github.httpcache.internal.store.InMemoryCacheStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounds of collapsing, on the engine alone with the in-memory store and an origin that the test
 * holds back: a waiting request gives up after the collapse timeout, and {@code collapse=off} makes
 * every miss call the origin.
 */
class CollapsingEngineTests {

	private final AtomicInteger calls = new AtomicInteger();

	private final CountDownLatch release = new CountDownLatch(1);

	private final CountDownLatch firstCallArrived = new CountDownLatch(1);

	/** The first call waits for {@link #release}; later ones answer at once. */
	private final Origin origin = (headers) -> {
		if (this.calls.incrementAndGet() == 1) {
			this.firstCallArrived.countDown();
			try {
				this.release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return new OriginResponse(200, Headers.of("Content-Type", "text/plain"),
				new ByteArrayInputStream("A".getBytes(StandardCharsets.UTF_8)), () -> {
				});
	};

	private HttpCacheEngine engine(CollapseMode collapse, Duration timeout) {
		return new HttpCacheEngine(new CachePolicy(CacheSettings.defaults()), new InMemoryCacheStore(1024 * 1024),
				Clock.systemUTC(), List.of(), collapse, timeout);
	}

	@Test
	void waitingRequestCallsTheOriginItselfOnceTheCollapseTimeoutHasPassed() throws Exception {
		try (HttpCacheEngine engine = engine(CollapseMode.LOCAL, Duration.ofMillis(100))) {
			CompletableFuture<Response> leader = CompletableFuture.supplyAsync(() -> get(engine));
			assertThat(this.firstCallArrived.await(30, TimeUnit.SECONDS)).isTrue();
			Response follower = get(engine);
			assertThat(this.calls.get()).as("the follower stopped waiting and went itself").isEqualTo(2);
			assertThat(follower.headers().first("Cache-Status")).isEqualTo("http-cache; fwd=uri-miss; stored");
			this.release.countDown();
			assertThat(leader.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
		}
	}

	@Test
	void collapseOffSendsEveryMissToTheOrigin() throws Exception {
		try (HttpCacheEngine engine = engine(CollapseMode.OFF, Duration.ofSeconds(5))) {
			CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> get(engine));
			assertThat(this.firstCallArrived.await(30, TimeUnit.SECONDS)).isTrue();
			get(engine);
			this.release.countDown();
			first.get(30, TimeUnit.SECONDS);
			assertThat(this.calls.get()).isEqualTo(2);
		}
	}

	@Test
	void waitingRequestIsAnsweredFromTheLeadersEntry() throws Exception {
		try (HttpCacheEngine engine = engine(CollapseMode.LOCAL, Duration.ofSeconds(5))) {
			CompletableFuture<Response> leader = CompletableFuture.supplyAsync(() -> get(engine));
			assertThat(this.firstCallArrived.await(30, TimeUnit.SECONDS)).isTrue();
			CompletableFuture<Response> follower = CompletableFuture.supplyAsync(() -> get(engine));
			this.release.countDown();
			assertThat(follower.get(30, TimeUnit.SECONDS).headers().first("Cache-Status"))
				.startsWith("http-cache; hit");
			leader.get(30, TimeUnit.SECONDS);
			assertThat(this.calls.get()).isEqualTo(1);
		}
	}

	private Response get(HttpCacheEngine engine) {
		try {
			return engine.execute(CacheRequest.get("http://example.com/a"), this.origin);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
