package io.github.httpcache.client;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.httpcache.client.ReactiveCacheFlow.OriginResponse;
import io.github.httpcache.client.ReactiveCacheFlow.Response;
import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;
import io.github.httpcache.internal.core.CachePolicy;
import io.github.httpcache.internal.core.CacheSettings;
import io.github.httpcache.internal.store.InMemoryCacheStore;
import io.github.httpcache.store.CacheStoreException;
import io.github.httpcache.store.ReactiveCacheStore;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Collapsing in the non-blocking flow, on the engine alone with an origin and a store that answer at
 * once, so the order of signals (not the scheduler) decides the outcome.
 */
class ReactiveCollapsingTests {

	private final AtomicInteger calls = new AtomicInteger();

	private final ReactiveCacheFlow.Origin<String> origin = (headers) -> Mono.fromSupplier(() -> {
		this.calls.incrementAndGet();
		Flux<DataBuffer> body = Flux.defer(() -> Flux
			.just(DefaultDataBufferFactory.sharedInstance.wrap("A".getBytes(StandardCharsets.UTF_8))));
		return new OriginResponse<>(200, Headers.of("Content-Type", "text/plain", "Cache-Control", "max-age=60"),
				body, "origin");
	});

	/**
	 * The caller sends its next request as soon as it holds the answer (the test that flaked with
	 * Redis down did so from another thread, and sometimes got there first): the flight must have
	 * landed by then, or the next request joins it and is handed the leader's entry as a collapsed
	 * hit, though the store never held it.
	 */
	@Test
	void requestSentOnceTheAnswerIsInHandDoesNotJoinTheFinishedFlight() throws Exception {
		try (HttpCacheEngine engine = new HttpCacheEngine(new CachePolicy(CacheSettings.defaults()),
				new InMemoryCacheStore(1024 * 1024), Clock.systemUTC(), List.of(), CollapseMode.LOCAL,
				Duration.ofSeconds(5))) {
			ReactiveCacheFlow flow = new ReactiveCacheFlow(engine, new StoreThatIsDown());
			CompletableFuture<Response<String>> next = new CompletableFuture<>();
			Response<String> first = flow.execute(request(), this.origin).doOnNext((answer) -> {
				assertThat(engine.flights().size()).as("flights in the air once the answer is out").isZero();
				flow.execute(request(), this.origin).subscribe(next::complete, next::completeExceptionally);
			}).block(Duration.ofSeconds(10));
			Response<String> second = next.get(10, TimeUnit.SECONDS);
			assertThat(first.headers().first("Cache-Status"))
				.isEqualTo("http-cache; fwd=uri-miss; detail=store-unavailable");
			assertThat(second.headers().first("Cache-Status"))
				.isEqualTo("http-cache; fwd=uri-miss; detail=store-unavailable");
			assertThat(this.calls.get()).isEqualTo(2);
		}
	}

	private static CacheRequest request() {
		return CacheRequest.get("http://example.com/down");
	}

	/** Every call fails at once, as Redis refusing connections does once the client knows. */
	private static final class StoreThatIsDown implements ReactiveCacheStore {

		@Override
		public Mono<List<CacheEntry>> get(CacheKey key) {
			return Mono.error(new CacheStoreException("Cache store get failed: connection refused"));
		}

		@Override
		public Mono<Void> put(CacheKey key, CacheEntry entry) {
			return Mono.error(new CacheStoreException("Cache store put failed: connection refused"));
		}

		@Override
		public Mono<Void> evictUrl(String urlKey) {
			return Mono.error(new CacheStoreException("Cache store delete failed: connection refused"));
		}

	}

}
