package io.github.httpcache.client;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.httpcache.client.HttpCacheEngine.Exchange;
import io.github.httpcache.client.HttpCacheListener.StoreOperation;
import io.github.httpcache.client.HttpCacheListener.StoreOutcome;
import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CachePolicy;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;
import io.github.httpcache.core.ResponseData;
import io.github.httpcache.store.CacheStoreException;
import io.github.httpcache.store.ReactiveCacheStore;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

/**
 * The engine's non-blocking form: the same {@link Exchange} steps as {@link HttpCacheEngine#execute},
 * in the same order, with the store and the origin reached through {@link Mono}s instead of calls
 * that wait. Only the plumbing differs: the lookup and the write go through a
 * {@link ReactiveCacheStore}, and bodies are {@link DataBuffer} streams read up to
 * {@code max-entry-size} by {@link BoundedBody}.
 */
final class ReactiveCacheFlow {

	private final HttpCacheEngine engine;

	private final ReactiveCacheStore store;

	ReactiveCacheFlow(HttpCacheEngine engine, ReactiveCacheStore store) {
		this.engine = engine;
		this.store = store;
	}

	/** Runs the flow for one request; subscribing starts it. */
	<S> Mono<Response<S>> execute(CacheRequest request, Origin<S> origin) {
		return Mono.defer(() -> {
			Exchange exchange = this.engine.new Exchange(request);
			return lookup(exchange).flatMap((stored) -> {
				ResponseData answer = exchange.decide(stored);
				if (answer != null) {
					return Mono.just(Response.<S>of(answer, null));
				}
				return forward(exchange, origin).onErrorResume(Unreachable.class,
						(unreachable) -> Mono.just(Response.<S>of(unreachable.response, null)));
			});
		});
	}

	private Mono<List<CacheEntry>> lookup(Exchange exchange) {
		if (!exchange.plan().read()) {
			return Mono.just(List.of());
		}
		return timed(StoreOperation.GET, this.store.get(exchange.plan().key()))
			.onErrorResume(CacheStoreException.class, (ex) -> {
				// Give up on the cache: the worst case is a plain network call.
				exchange.storeFailed(ex);
				return Mono.just(List.of());
			});
	}

	private <S> Mono<Response<S>> forward(Exchange exchange, Origin<S> origin) {
		return send(exchange, origin).flatMap((response) -> {
			exchange.responseTime = this.engine.clock().instant();
			return evict(exchange.invalidationTargets(response.status(), response.headers())).then(Mono.defer(() -> {
				if (exchange.retryUnconditionally(response.status(), response.headers())) {
					// The 304 named nothing stored, or is older than what it names: ask again without validators.
					return release(response.body()).then(send(exchange, origin)).flatMap((retried) -> {
						exchange.responseTime = this.engine.clock().instant();
						return received(exchange, retried);
					});
				}
				return received(exchange, response);
			}));
		});
	}

	/** Sends the request; a failure is reported, and answered with a 504 for entries that must be revalidated. */
	private <S> Mono<OriginResponse<S>> send(Exchange exchange, Origin<S> origin) {
		return Mono.defer(() -> {
			exchange.requestTime = this.engine.clock().instant();
			return origin.send(exchange.decision().requestHeaders());
		}).doOnError((ex) -> exchange.originFailed()).onErrorResume((ex) -> {
			ResponseData unreachable = exchange.unreachable();
			return (unreachable != null) ? Mono.error(new Unreachable(unreachable)) : Mono.error(ex);
		});
	}

	private Mono<Void> evict(List<String> urlKeys) {
		return Flux.fromIterable(urlKeys)
			.concatMap((urlKey) -> timed(StoreOperation.DELETE, this.store.evictUrl(urlKey))
				.onErrorResume(CacheStoreException.class, (ex) -> {
					HttpCacheEngine.logStoreFailure("invalidation", ex);
					return Mono.empty();
				}))
			.then();
	}

	private <S> Mono<Response<S>> received(Exchange exchange, OriginResponse<S> response) {
		CachePolicy.Storing freshened = exchange.freshened(response.status(), response.headers());
		if (freshened != null) {
			// 304 to our revalidation: the stored body answers, the empty one is released.
			return release(response.body())
				.then(Flux.fromIterable(exchange.alsoFreshened()).concatMap((other) -> write(exchange, other)).then())
				.then(write(exchange, exchange.entryToWrite(freshened)))
				.map((written) -> Response.of(exchange.revalidated(freshened, written), response.source()));
		}
		CacheEntry headFreshened = exchange.headFreshened(response.status(), response.headers());
		if (headFreshened != null) {
			return write(exchange, headFreshened).then(passThroughOrStore(exchange, response));
		}
		return passThroughOrStore(exchange, response);
	}

	private <S> Mono<Response<S>> passThroughOrStore(Exchange exchange, OriginResponse<S> response) {
		Long limit = exchange.bodyLimit(response.status(), response.headers());
		if (limit == null) {
			// Not storable: the body streams through untouched.
			return Mono.just(new Response<>(response.status(), exchange.passThroughHeaders(response.headers()),
					response.body(), response.source()));
		}
		return BoundedBody.read(response.body(), limit).flatMap((body) -> {
			if (body.tooLarge()) {
				exchange.tooLarge();
				return Mono.just(new Response<>(response.status(), exchange.passThroughHeaders(response.headers()),
						body.stream(), response.source()));
			}
			ResponseData complete = new ResponseData(response.status(), response.headers(), body.bytes());
			return write(exchange, exchange.entryToWrite(exchange.storing(complete)))
				.map((written) -> Response.of(exchange.completed(complete, written), response.source()));
		});
	}

	/** Writes an entry, if any; a failure is logged and reported, never signalled. */
	private Mono<Boolean> write(Exchange exchange, @Nullable CacheEntry entry) {
		if (entry == null) {
			return Mono.just(false);
		}
		return timed(StoreOperation.PUT, this.store.put(exchange.plan().key(), entry)).thenReturn(true)
			.onErrorResume(CacheStoreException.class, (ex) -> {
				HttpCacheEngine.logStoreFailure("write", ex);
				return Mono.just(false);
			});
	}

	/** Times a store call for the listener and turns any failure into a {@link CacheStoreException}. */
	private <T> Mono<T> timed(StoreOperation operation, Mono<T> call) {
		HttpCacheListener listener = this.engine.listener();
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return call.doOnSuccess((result) -> listener.onStoreOperation(operation, StoreOutcome.SUCCESS,
					Duration.ofNanos(System.nanoTime() - start)))
				.onErrorMap((ex) -> {
					StoreOutcome outcome = HttpCacheEngine.isTimeout(ex) ? StoreOutcome.TIMEOUT : StoreOutcome.ERROR;
					listener.onStoreOperation(operation, outcome, Duration.ofNanos(System.nanoTime() - start));
					return (ex instanceof CacheStoreException) ? ex
							: new CacheStoreException("Cache store " + operation.tagValue() + " failed", ex);
				});
		});
	}

	/** Carries the 504 for an unreachable origin past the error path; see {@link #execute}. */
	static final class Unreachable extends RuntimeException {

		final transient ResponseData response;

		Unreachable(ResponseData response) {
			super(null, null, false, false);
			this.response = response;
		}

	}

	private static Mono<Void> release(Flux<DataBuffer> body) {
		return body.doOnNext(DataBufferUtils::release).then();
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
