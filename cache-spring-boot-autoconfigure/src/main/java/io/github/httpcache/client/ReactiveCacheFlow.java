package io.github.httpcache.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.github.httpcache.client.HttpCacheEngine.Exchange;
import io.github.httpcache.client.HttpCacheEngine.LeaderResult;
import io.github.httpcache.client.HttpCacheListener.StoreOperation;
import io.github.httpcache.client.HttpCacheListener.StoreOutcome;
import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CachePolicy;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;
import io.github.httpcache.core.ResponseData;
import io.github.httpcache.store.CacheStore;
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
 * {@code max-entry-size} by {@link BoundedBody}, waiting on a request it is collapsed onto is a
 * subscription to that request's future, polling a store lease is {@link Mono#delay}, and a
 * {@code stale-while-revalidate} refresh is a subscription of its own.
 */
final class ReactiveCacheFlow {

	private static final Log logger = LogFactory.getLog(ReactiveCacheFlow.class);

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
			String flight = exchange.collapseKey();
			long stamp = (flight != null) ? this.engine.flights().stamp(flight) : 0;
			return lookup(exchange).flatMap((stored) -> {
				ResponseData answer = exchange.decide(stored);
				if (answer != null) {
					if (exchange.refreshesInBackground()) {
						refreshInBackground(exchange, origin);
					}
					return Mono.just(Response.<S>of(answer, null));
				}
				return (flight != null) ? collapsed(exchange, origin, HttpCacheEngine.withGeneration(flight, exchange), stamp)
						: forward(exchange, origin);
			});
		});
	}

	/**
	 * Concurrent requests for the same request key: the first fetches, the others wait (up to the
	 * collapse timeout, without blocking) for what it leaves them, as in {@link HttpCacheEngine#execute}.
	 */
	private <S> Mono<Response<S>> collapsed(Exchange exchange, Origin<S> origin, String flight, long stamp) {
		SingleFlight<LeaderResult> flights = this.engine.flights();
		CompletableFuture<@Nullable LeaderResult> leader = flights.join(flight);
		if (leader != null) {
			// suppressCancel: the timeout or a caller's cancel must not cancel the future the others share.
			return Mono.fromFuture(leader, true)
				.timeout(this.engine.collapseTimeout())
				.onErrorResume((ex) -> Mono.empty())
				.mapNotNull((result) -> exchange.followed(result))
				.map((answer) -> Response.<S>of(answer, null))
				// When the leader's result does not answer this request (Vary, not storable), fetch our own.
				.switchIfEmpty(Mono.defer(() -> forward(exchange, origin)));
		}
		Mono<Response<S>> again = (flights.stamp(flight) != stamp) ? followStored(exchange) : Mono.empty();
		// The flight lands before the caller sees the answer (doOnSuccess runs ahead of the downstream
		// onNext; doFinally only after it), as the blocking flow's finally does: else a request the
		// caller sends once it has its answer could still join this finished flight and be handed its
		// entry as a collapsed hit, though nothing was stored (a store that is down).
		AtomicBoolean landed = new AtomicBoolean();
		Runnable land = () -> {
			if (landed.compareAndSet(false, true)) {
				flights.complete(flight, exchange.leaderResult());
			}
		};
		return again
			.switchIfEmpty(Mono.defer(() -> (this.engine.collapse() == CollapseMode.REDIS)
					? fetchUnderLease(exchange, origin) : forward(exchange, origin)))
			.doOnSuccess((response) -> land.run())
			.doOnError((ex) -> land.run())
			.doFinally((signal) -> land.run());
	}

	/** The answer from what the store holds now, if it answers this request; else empty. */
	private <S> Mono<Response<S>> followStored(Exchange exchange) {
		return reread(exchange).mapNotNull((stored) -> exchange.followed(stored))
			.map((answer) -> Response.<S>of(answer, null));
	}

	/**
	 * With {@code collapse=redis}: fetch while holding the request key's lease, or poll the store with
	 * a bounded backoff ({@link Mono#delay}, never a sleep) while another instance holds it.
	 */
	private <S> Mono<Response<S>> fetchUnderLease(Exchange exchange, Origin<S> origin) {
		String owner = this.engine.leaseOwner();
		long deadline = System.nanoTime() + this.engine.collapseTimeout().toNanos();
		return tryLease(exchange, owner).flatMap((taken) -> taken ? leased(exchange, origin, owner, false)
				: poll(exchange, origin, owner, deadline, HttpCacheEngine.INITIAL_POLL_MILLIS));
	}

	private <S> Mono<Response<S>> poll(Exchange exchange, Origin<S> origin, String owner, long deadline, long backoff) {
		if (System.nanoTime() - deadline > 0) {
			return forward(exchange, origin);
		}
		return Mono.delay(Duration.ofMillis(backoff))
			.then(Mono.defer(() -> this.<S>followStored(exchange)))
			.switchIfEmpty(Mono.defer(() -> tryLease(exchange, owner).flatMap((taken) -> taken
					? leased(exchange, origin, owner, true)
					: poll(exchange, origin, owner, deadline, Math.min(backoff * 2, HttpCacheEngine.MAX_POLL_MILLIS)))));
	}

	private <S> Mono<Response<S>> leased(Exchange exchange, Origin<S> origin, String owner, boolean waited) {
		// The previous holder may have written the entry just before releasing the lease.
		Mono<Response<S>> stored = waited ? followStored(exchange) : Mono.empty();
		return stored.switchIfEmpty(Mono.defer(() -> forward(exchange, origin)))
			.doFinally((signal) -> releaseLease(exchange, owner));
	}

	private Mono<Boolean> tryLease(Exchange exchange, String owner) {
		return this.store.tryLease(exchange.plan().key(), owner, this.engine.collapseTimeout())
			.onErrorResume((ex) -> {
				logger.debug("Cache store lease failed; fetching without it", ex);
				return Mono.just(true);
			});
	}

	private void releaseLease(Exchange exchange, String owner) {
		this.store.releaseLease(exchange.plan().key(), owner)
			.subscribe(null, (ex) -> logger.debug("Cache store lease release failed", ex));
	}

	/**
	 * RFC 5861 §3: revalidates the stale entry just served as a subscription of its own, not tied to
	 * the caller's, at most once per entry at a time; it reports a revalidation, never a request, and a
	 * failure leaves the entry as it was.
	 */
	private <S> void refreshInBackground(Exchange served, Origin<S> origin) {
		CacheEntry stale = served.decision().entry();
		if (stale == null) {
			return;
		}
		String key = served.plan().key().requestKey() + ":" + stale.variantKey();
		BackgroundRefresher refresher = this.engine.refresher();
		if (!refresher.begin(key)) {
			return;
		}
		refresh(served.request, stale, origin, served.generation).timeout(refresher.deadline())
			.doFinally((signal) -> refresher.end(key))
			.subscribe(null, (ex) -> logger.debug("Background refresh failed; the stale entry stays as it was", ex));
	}

	private <S> Mono<Void> refresh(CacheRequest request, CacheEntry stale, Origin<S> origin, long generation) {
		return Mono.defer(() -> {
			Exchange exchange = this.engine.new Exchange(request);
			exchange.refreshing(stale);
			exchange.generation = generation;
			boolean leases = this.engine.collapse() == CollapseMode.REDIS;
			String owner = this.engine.leaseOwner();
			Mono<Boolean> lease = leases ? tryLease(exchange, owner) : Mono.just(true);
			return lease.flatMap((taken) -> {
				if (!taken) {
					// Another instance is fetching this response; it will store what it gets.
					return Mono.empty();
				}
				Mono<Void> work = Mono.defer(() -> {
					exchange.requestTime = this.engine.clock().instant();
					return origin.send(exchange.decision().requestHeaders());
				}).flatMap((response) -> refreshed(exchange, response)).onErrorResume((ex) -> {
					exchange.originFailed();
					logger.debug("Background refresh of " + exchange.plan().key().url() + " failed", ex);
					return Mono.empty();
				});
				return leases ? work.doFinally((signal) -> releaseLease(exchange, owner)) : work;
			});
		});
	}

	private <S> Mono<Void> refreshed(Exchange exchange, OriginResponse<S> response) {
		exchange.responseTime = this.engine.clock().instant();
		if (exchange.refreshFailed(response.status())
				|| exchange.retryUnconditionally(response.status(), response.headers())) {
			// Failed, or a 304 that cannot be used: the entry stays as it was, the next stale read tries again.
			return release(response.body());
		}
		CachePolicy.Storing freshened = exchange.freshened(response.status(), response.headers());
		if (freshened != null) {
			return release(response.body()).then(write(exchange, exchange.entryToWrite(freshened))).then();
		}
		Long limit = exchange.bodyLimit(response.status(), response.headers());
		if (limit == null) {
			return release(response.body());
		}
		return BoundedBody.read(response.body(), limit).flatMap((body) -> {
			if (body.tooLarge()) {
				return release(body.stream());
			}
			ResponseData complete = new ResponseData(response.status(), response.headers(), body.bytes());
			return write(exchange, exchange.entryToWrite(exchange.storing(complete))).then();
		});
	}

	private Mono<List<CacheEntry>> lookup(Exchange exchange) {
		if (!exchange.plan().read()) {
			if (!exchange.plan().write()) {
				return Mono.just(List.of());
			}
			// Writes without reading: the generation alone, so the write is fenced all the same.
			return timed(StoreOperation.GET, this.store.generation(exchange.plan().key().urlKey()))
				.onErrorResume(CacheStoreException.class, (ex) -> Mono.just(CacheStore.UNKNOWN_GENERATION))
				.doOnNext((generation) -> exchange.generation = generation)
				.thenReturn(List.of());
		}
		return timed(StoreOperation.GET, this.store.lookup(exchange.plan().key()))
			.map((found) -> {
				exchange.generation = found.generation();
				exchange.near = found.near();
				return found.entries();
			})
			.onErrorResume(CacheStoreException.class, (ex) -> {
				// Give up on the cache: the worst case is a plain network call.
				exchange.generation = CacheStore.UNKNOWN_GENERATION;
				exchange.storeFailed(ex);
				return Mono.just(List.of());
			});
	}

	private <S> Mono<Response<S>> forward(Exchange exchange, Origin<S> origin) {
		return send(exchange, origin).flatMap((response) -> {
			exchange.responseTime = this.engine.clock().instant();
			return evict(exchange.invalidationTargets(response.status(), response.headers()))
				.then(evictRequested(exchange, response.status()))
				.then(Mono.defer(() -> {
				if (exchange.retryUnconditionally(response.status(), response.headers())) {
					// The 304 named nothing stored, or is older than what it names: ask again without validators.
					return release(response.body()).then(send(exchange, origin)).flatMap((retried) -> {
						exchange.responseTime = this.engine.clock().instant();
						return received(exchange, retried);
					});
				}
				return received(exchange, response);
			}));
		}).onErrorResume(Unreachable.class, (unreachable) -> Mono.just(Response.<S>of(unreachable.response, null)));
	}

	/**
	 * Sends the request. When the origin does not answer (connection refused, timeout), a stale entry
	 * that {@code stale-if-error} allows answers instead (RFC 5861 §4); else the failure is reported,
	 * and answered with a 504 for entries that must be revalidated.
	 */
	private <S> Mono<OriginResponse<S>> send(Exchange exchange, Origin<S> origin) {
		return Mono.defer(() -> {
			exchange.requestTime = this.engine.clock().instant();
			return origin.send(exchange.decision().requestHeaders());
		}).onErrorResume((ex) -> {
			ResponseData stale = exchange.staleOnError(null);
			if (stale != null) {
				return Mono.error(new Unreachable(stale));
			}
			exchange.originFailed();
			ResponseData unreachable = exchange.unreachable();
			return (unreachable != null) ? Mono.error(new Unreachable(unreachable)) : Mono.error(ex);
		});
	}

	/** {@code HttpCacheRequest.invalidates(...)}: walks the stored URLs, so it runs off the event loop. */
	private Mono<Void> evictRequested(Exchange exchange, int status) {
		if (this.engine.policy().requestedInvalidations(exchange.request, status).isEmpty()) {
			return Mono.empty();
		}
		return Mono.<Void>fromRunnable(() -> this.engine.evictRequested(exchange.request, status))
			.subscribeOn(Schedulers.boundedElastic());
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
		ResponseData stale = exchange.staleOnError(response.status());
		if (stale != null) {
			// A 5xx, and stale-if-error allows the stored response instead (RFC 5861 §4).
			return release(response.body()).thenReturn(Response.<S>of(stale, null));
		}
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
		return BoundedBody.read(response.body(), limit).onErrorResume((ex) -> {
			// The origin failed mid-body: answer as for any origin failure, stale-if-error included.
			ResponseData stale = exchange.staleOnError(null);
			if (stale != null) {
				return Mono.error(new Unreachable(stale));
			}
			exchange.originFailed();
			return Mono.error(ex);
		}).flatMap((body) -> {
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

	/** A second look while collapsing; a failure reads as nothing found and the request fetches its own. */
	private Mono<List<CacheEntry>> reread(Exchange exchange) {
		return timed(StoreOperation.GET, this.store.lookup(exchange.plan().key()))
			.map((found) -> {
				exchange.generation = found.generation();
				exchange.near = found.near();
				return found.entries();
			})
			.onErrorResume(CacheStoreException.class, (ex) -> {
				exchange.generation = CacheStore.UNKNOWN_GENERATION;
				HttpCacheEngine.logStoreFailure("read", ex);
				return Mono.just(List.of());
			});
	}

	/** Writes an entry, if any; a failure is logged and reported, never signalled. */
	private Mono<Boolean> write(Exchange exchange, @Nullable CacheEntry entry) {
		if (entry == null || exchange.generation == CacheStore.UNKNOWN_GENERATION) {
			// Nothing to write, or the read failed and an invalidation may have passed unseen.
			return Mono.just(false);
		}
		// Refused (false) when the URL was invalidated after this request read the store.
		return timed(StoreOperation.PUT, this.store.put(exchange.plan().key(), entry, exchange.generation))
			.defaultIfEmpty(false)
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

	/** Carries the answer for an unreachable origin (stale, or a 504) past the error path; see {@link #forward}. */
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
