package io.github.httpcache.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;
import io.github.httpcache.core.ResponseData;
import io.github.httpcache.store.ReactiveCacheStore;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

/**
 * WebClient's side of the flow ({@link CacheFlow}): the same steps as the blocking clients, with the
 * store reached through a {@link ReactiveCacheStore}, bodies as {@link DataBuffer} streams read up to
 * {@code max-entry-size} by {@link BoundedBody}, a collapsed request's wait and a lease poll's pause as
 * timers, and a {@code stale-while-revalidate} refresh as a subscription of its own. It adapts the
 * flow's {@link CompletionStage} at its edge and never blocks.
 */
final class ReactiveCacheFlow {

	private static final Log logger = LogFactory.getLog(ReactiveCacheFlow.class);

	private final HttpCacheEngine engine;

	private final ReactiveCacheStore store;

	private final ReactiveEdge edge;

	private final CacheFlow<Flux<DataBuffer>> flow;

	ReactiveCacheFlow(HttpCacheEngine engine, ReactiveCacheStore store) {
		this.engine = engine;
		this.store = store;
		this.edge = new ReactiveEdge(engine.refresher());
		this.flow = new CacheFlow<>(engine, StoreView.of(store), this.edge);
	}

	/** Runs the flow for one request; subscribing starts it. */
	<S> Mono<Response<S>> execute(CacheRequest request, Origin<S> origin) {
		return Mono.deferContextual((context) -> {
			Subscriptions subscriptions = new Subscriptions();
			// The store's calls see the caller's context (its observation is their parent span).
			CacheFlow<Flux<DataBuffer>> flow = context.isEmpty() ? this.flow
					: new CacheFlow<>(this.engine, StoreView.of(this.store, context), this.edge);
			return Mono.fromCompletionStage(() -> flow.execute(request, (requestHeaders) -> subscriptions
				.add(origin.send(requestHeaders)
					.<CacheFlow.OriginResponse<Flux<DataBuffer>>>map((response) -> new CacheFlow.OriginResponse<>(
							response.status(), response.headers(), new FluxBody(response.body(), subscriptions),
							response.source()))
					.toFuture())))
				.map(ReactiveCacheFlow::<S>response)
				// A caller that gives up cancels the origin call and the body being read: nothing half-read is stored.
				.doOnCancel(subscriptions::cancel);
		});
	}

	/** The origin's subscriptions for one request, cancelled together when the caller cancels. */
	private static final class Subscriptions {

		private final java.util.Queue<CompletableFuture<?>> futures = new java.util.concurrent.ConcurrentLinkedQueue<>();

		private volatile boolean cancelled;

		<T> CompletableFuture<T> add(CompletableFuture<T> future) {
			this.futures.add(future);
			if (this.cancelled) {
				future.cancel(false);
			}
			return future;
		}

		void cancel() {
			this.cancelled = true;
			for (CompletableFuture<?> future = this.futures.poll(); future != null; future = this.futures.poll()) {
				// Cancelling a Mono's future cancels its subscription.
				future.cancel(false);
			}
		}

	}

	@SuppressWarnings("unchecked")
	private static <S> Response<S> response(CacheFlow.Response<Flux<DataBuffer>> response) {
		S source = (S) response.source();
		ResponseData data = response.data();
		if (data != null) {
			return Response.of(data, source);
		}
		CacheFlow.Body<Flux<DataBuffer>> body = response.body();
		return new Response<>(response.status(), response.headers(), (body != null) ? body.stream() : Flux.empty(),
				source);
	}

	/** Waits with timers, offloads blocking work to {@code boundedElastic}, refreshes as a subscription. */
	private static final class ReactiveEdge implements CacheFlow.Edge {

		private final BackgroundRefresher refresher;

		ReactiveEdge(BackgroundRefresher refresher) {
			this.refresher = refresher;
		}

		@Override
		public <T> CompletionStage<@Nullable T> await(CompletableFuture<@Nullable T> leader, Duration timeout) {
			// suppressCancel: the timeout must not cancel the future the others share.
			return Mono.fromFuture(leader, true).timeout(timeout).onErrorResume((ex) -> Mono.empty()).toFuture();
		}

		@Override
		public CompletionStage<Boolean> pause(long millis) {
			return Mono.delay(Duration.ofMillis(millis)).thenReturn(true).toFuture();
		}

		@Override
		public CompletionStage<@Nullable Void> offload(Runnable work) {
			return Mono.<Void>fromRunnable(work).subscribeOn(Schedulers.boundedElastic()).toFuture();
		}

		@Override
		public void background(String key, Supplier<CompletionStage<@Nullable Void>> refresh) {
			if (!this.refresher.begin(key)) {
				return;
			}
			Mono.fromCompletionStage(refresh)
				.timeout(this.refresher.deadline())
				.doFinally((signal) -> this.refresher.end(key))
				.subscribe(null, (ex) -> logger.debug("Background refresh failed; the stale entry stays as it was", ex));
		}

	}

	/** A reactive body: read within a limit by {@link BoundedBody}, or drained and released. */
	private record FluxBody(Flux<DataBuffer> stream, Subscriptions subscriptions)
			implements CacheFlow.Body<Flux<DataBuffer>> {

		@Override
		public CompletionStage<CacheFlow.BodyRead<Flux<DataBuffer>>> read(long limit) {
			return this.subscriptions.add(BoundedBody.read(this.stream, limit)
				.map((body) -> body.tooLarge()
						? new CacheFlow.BodyRead<Flux<DataBuffer>>(null, new FluxBody(body.stream(), this.subscriptions))
						: new CacheFlow.BodyRead<Flux<DataBuffer>>(body.bytes(), null))
				.toFuture());
		}

		@Override
		public CompletionStage<@Nullable Void> discard() {
			return this.stream.doOnNext(DataBufferUtils::release).then().toFuture();
		}

	}

	/**
	 * Sends the request to the origin with the given headers.
	 *
	 * @param <S> the client's own response type
	 */
	@FunctionalInterface
	interface Origin<S> {

		Mono<OriginResponse<S>> send(Headers requestHeaders);

	}

	/**
	 * What the origin answered.
	 *
	 * @param <S> the client's own response type
	 * @param status the status code
	 * @param headers the header fields
	 * @param body the body, to be consumed once
	 * @param source the client's response, for what the flow does not model (cookies, codecs)
	 */
	record OriginResponse<S>(int status, Headers headers, Flux<DataBuffer> body, S source) {
	}

	/**
	 * What the caller receives.
	 *
	 * @param <S> the client's own response type
	 * @param status the status code
	 * @param headers the header fields, {@code Cache-Status} included
	 * @param body the body, to be consumed once
	 * @param source the origin's response, or {@code null} when the cache answered alone
	 */
	record Response<S>(int status, Headers headers, Flux<DataBuffer> body, @Nullable S source) {

		static <S> Response<S> of(ResponseData data, @Nullable S source) {
			byte[] bytes = data.body();
			Flux<DataBuffer> body = (bytes.length == 0) ? Flux.empty()
					: Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes)));
			return new Response<>(data.status(), data.headers(), body, source);
		}

	}

}
