package io.github.httpcache.client;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.httpcache.client.HttpCacheEngine.LeaderResult;
import io.github.httpcache.client.HttpCacheListener.RevalidationOutcome;
import io.github.httpcache.client.HttpCacheListener.StoreOperation;
import io.github.httpcache.client.HttpCacheListener.StoreOutcome;
import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheOutcome;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;
import io.github.httpcache.core.ResponseData;
import io.github.httpcache.internal.core.AfterResponse;
import io.github.httpcache.internal.core.CacheAction;
import io.github.httpcache.internal.core.CacheDecision;
import io.github.httpcache.internal.core.CachePlan;
import io.github.httpcache.internal.core.CachePolicy;
import io.github.httpcache.internal.core.CacheStatus;
import io.github.httpcache.internal.core.ConditionalRequests;
import io.github.httpcache.internal.core.ResponseVerdict;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.CacheStoreException;

/**
 * The steps of one request, written once for every client: look up and decide, answer from the store
 * (refreshing a stale answer in the background under {@code stale-while-revalidate}), or collapse onto
 * a concurrent request for the same response, or forward to the origin (under a store lease with
 * {@code collapse=redis}), then carry out the {@link ResponseVerdict} the core gives on its answer:
 * receive the body within {@code max-entry-size}, write, invalidate, answer. Exactly one outcome (and
 * at most one revalidation outcome) is reported per request, from {@link #report}.
 * <p>
 * The flow runs over {@link CompletionStage}s. The blocking clients give it a store, an origin and an
 * {@link Edge} that complete every stage on the caller's thread before returning it, so the whole flow
 * runs there and the adapter only joins; WebClient gives it the reactive store and origin, subscribed
 * as futures, and adapts the result at its edge, so nothing blocks.
 *
 * @param <B> the client's body type (an {@code InputStream}, or a {@code Flux<DataBuffer>})
 */
final class CacheFlow<B> {

	private static final Log logger = LogFactory.getLog(CacheFlow.class);

	private final HttpCacheEngine engine;

	private final CachePolicy policy;

	private final AfterResponse after;

	private final StoreView store;

	private final Edge edge;

	private final HttpCacheListener listener;

	CacheFlow(HttpCacheEngine engine, StoreView store, Edge edge) {
		this.engine = engine;
		this.policy = engine.policy();
		this.after = new AfterResponse(this.policy);
		this.store = store;
		this.edge = edge;
		this.listener = engine.listener();
	}

	/** Runs the flow for one request; the stage completes with what the caller receives. */
	CompletableFuture<Response<B>> execute(CacheRequest request, Origin<B> origin) {
		Exchange exchange = new Exchange(request);
		return call(() -> run(exchange, origin)).handle((response, failure) -> {
			report(exchange, failure);
			if (failure != null) {
				throw new CompletionException(unwrap(failure));
			}
			return response;
		});
	}

	/** The one place a request's outcome (and its revalidation's) is reported; a background refresh reports no request. */
	private void report(Exchange exchange, @Nullable Throwable failure) {
		if (failure != null && exchange.revalidates() && exchange.revalidation == null) {
			exchange.revalidation = RevalidationOutcome.ERROR;
		}
		if (exchange.revalidation != null) {
			this.listener.onRevalidation(exchange.revalidation);
		}
		if (!exchange.background) {
			this.listener.onRequest((failure != null) ? CacheOutcome.ERROR : exchange.outcome);
		}
	}

	private CompletionStage<Response<B>> run(Exchange exchange, Origin<B> origin) {
		String flight = collapseKey(exchange);
		long stamp = (flight != null) ? this.engine.flights().stamp(flight) : 0;
		return lookup(exchange).thenCompose((stored) -> {
			Response<B> answer = decide(exchange, stored);
			if (answer != null) {
				if (exchange.refreshInBackground) {
					refreshInBackground(exchange, origin);
				}
				return done(answer);
			}
			if (flight == null) {
				return forward(exchange, origin);
			}
			return collapsed(exchange, origin, withGeneration(flight, exchange), stamp);
		});
	}

	/**
	 * Concurrent requests for the same request key: the first fetches, the others wait (up to the
	 * collapse timeout) for what it leaves them, and fetch their own when it does not answer them.
	 */
	private CompletionStage<Response<B>> collapsed(Exchange exchange, Origin<B> origin, String flight, long stamp) {
		SingleFlight<LeaderResult> flights = this.engine.flights();
		CompletableFuture<@Nullable LeaderResult> leader = flights.join(flight);
		if (leader != null) {
			return this.edge.await(leader, this.engine.collapseTimeout()).thenCompose((result) -> {
				Response<B> followed = followed(exchange, result);
				// When the leader's result does not answer this request (Vary, not storable), fetch our own.
				return (followed != null) ? done(followed) : forward(exchange, origin);
			});
		}
		// A flight for this key completed between our lookup and our joining: look again.
		CompletionStage<@Nullable Response<B>> again = (flights.stamp(flight) != stamp) ? followStored(exchange)
				: done(null);
		return call(() -> again.thenCompose((followed) -> {
			if (followed != null) {
				return done(followed);
			}
			return (this.engine.collapse() == CollapseMode.REDIS) ? fetchUnderLease(exchange, origin)
					: forward(exchange, origin);
		}))
			// The flight lands before the caller sees the answer: a request the caller sends once it has
			// it must never join this finished flight.
			.whenComplete((response, failure) -> flights.complete(flight, exchange.leaderResult()));
	}

	/**
	 * With {@code collapse=redis}: fetch while holding the request key's lease in the store, or, while
	 * another instance holds it, poll the store with a bounded backoff for the entry it writes. Past the
	 * collapse timeout, fetch anyway.
	 */
	private CompletionStage<Response<B>> fetchUnderLease(Exchange exchange, Origin<B> origin) {
		String owner = this.engine.leaseOwner();
		long deadline = System.nanoTime() + this.engine.collapseTimeout().toNanos();
		return tryLease(exchange, owner).thenCompose((taken) -> taken ? leased(exchange, origin, owner, false)
				: poll(exchange, origin, owner, deadline, HttpCacheEngine.INITIAL_POLL_MILLIS));
	}

	private CompletionStage<Response<B>> poll(Exchange exchange, Origin<B> origin, String owner, long deadline,
			long backoff) {
		if (System.nanoTime() - deadline > 0) {
			return forward(exchange, origin);
		}
		return this.edge.pause(backoff).thenCompose((paused) -> {
			if (!paused) {
				return forward(exchange, origin);
			}
			return followStored(exchange).thenCompose((followed) -> {
				if (followed != null) {
					return done(followed);
				}
				return tryLease(exchange, owner).thenCompose((taken) -> taken ? leased(exchange, origin, owner, true)
						: poll(exchange, origin, owner, deadline, Math.min(backoff * 2, HttpCacheEngine.MAX_POLL_MILLIS)));
			});
		});
	}

	private CompletionStage<Response<B>> leased(Exchange exchange, Origin<B> origin, String owner, boolean waited) {
		// The previous holder may have written the entry just before releasing the lease.
		CompletionStage<@Nullable Response<B>> stored = waited ? followStored(exchange) : done(null);
		return call(() -> stored.thenCompose((followed) -> (followed != null) ? done(followed) : forward(exchange, origin)))
			.whenComplete((response, failure) -> releaseLease(exchange, owner));
	}

	/** Takes the request key's lease; a store failure counts as taken, so the request goes ahead. */
	private CompletionStage<Boolean> tryLease(Exchange exchange, String owner) {
		return call(() -> this.store.tryLease(exchange.plan.key(), owner, this.engine.collapseTimeout()))
			.handle((taken, failure) -> {
				if (failure != null) {
					logger.debug("Cache store lease failed; fetching without it", unwrap(failure));
					return true;
				}
				return taken;
			});
	}

	private void releaseLease(Exchange exchange, String owner) {
		call(() -> this.store.releaseLease(exchange.plan.key(), owner)).whenComplete((ignored, failure) -> {
			if (failure != null) {
				// the lease runs out by itself
				logger.debug("Cache store lease release failed", unwrap(failure));
			}
		});
	}

	/**
	 * RFC 5861 §3: revalidates the stale entry just served, apart from the caller's request and at most
	 * once per entry at a time, through the same steps as a request. It reports a revalidation, never a
	 * request; a failure leaves the entry as it was.
	 */
	private void refreshInBackground(Exchange served, Origin<B> origin) {
		CacheEntry stale = served.decision().entry();
		if (stale == null) {
			return;
		}
		String key = served.plan.key().requestKey() + ":" + stale.variantKey();
		CacheRequest request = served.request;
		List<CacheEntry> stored = served.stored;
		long generation = served.generation;
		this.edge.background(key, () -> refresh(request, stale, stored, origin, generation));
	}

	private CompletionStage<@Nullable Void> refresh(CacheRequest request, CacheEntry stale, List<CacheEntry> stored,
			Origin<B> origin, long generation) {
		Exchange exchange = new Exchange(request);
		exchange.refreshing(stale);
		// Every variant the served lookup found: a 304 updates each it selects (RFC 9111 §4.3.4).
		exchange.stored = stored;
		exchange.generation = generation;
		boolean leases = this.engine.collapse() == CollapseMode.REDIS;
		String owner = this.engine.leaseOwner();
		CompletionStage<Boolean> lease = leases ? tryLease(exchange, owner) : done(true);
		return lease.thenCompose((taken) -> {
			if (!taken) {
				// Another instance is fetching this response; it will store what it gets.
				return done(null);
			}
			CompletionStage<@Nullable Void> work = call(() -> forward(exchange, origin))
				.thenCompose((response) -> (response.body() != null) ? response.body().discard() : done(null))
				.handle((ignored, failure) -> {
					report(exchange, failure);
					if (failure != null) {
						logger.debug("Background refresh of " + exchange.plan.key().url() + " failed", unwrap(failure));
					}
					return null;
				});
			return leases ? work.whenComplete((ignored, failure) -> releaseLease(exchange, owner)) : work;
		});
	}

	/** Sends the decided request to the origin and carries out the verdict on its answer. */
	private CompletionStage<Response<B>> forward(Exchange exchange, Origin<B> origin) {
		exchange.requestTime = now();
		return call(() -> origin.send(exchange.decision().requestHeaders()))
			.handle((response, failure) -> (failure != null) ? unreachable(exchange, unwrap(failure))
					: received(exchange, origin, response))
			.thenCompose(Function.identity());
	}

	/** The origin answered: invalidate what it makes obsolete, then carry out the verdict. */
	private CompletionStage<Response<B>> received(Exchange exchange, Origin<B> origin, OriginResponse<B> response) {
		exchange.responseTime = now();
		CompletionStage<@Nullable Void> invalidated = (exchange.retried || exchange.background) ? done(null)
				: invalidate(exchange, response.status(), response.headers())
					.thenCompose((ignored) -> evictRequested(exchange, response.status()));
		return invalidated.thenCompose((ignored) -> {
			ResponseVerdict verdict = this.after.verdict(exchange.forwarded(), response.status(), response.headers(),
					exchange.requestTime, exchange.responseTime, now());
			debug(exchange, verdict.reason());
			return carryOut(exchange, origin, response, verdict);
		});
	}

	private CompletionStage<Response<B>> carryOut(Exchange exchange, Origin<B> origin, OriginResponse<B> response,
			ResponseVerdict verdict) {
		int status = response.status();
		Body<B> body = response.body();
		if (verdict instanceof ResponseVerdict.RetryUnconditionally retry) {
			CacheDecision decision = exchange.decision();
			exchange.decision = new CacheDecision(CacheAction.FETCH, decision.entry(), retry.requestHeaders(),
					decision.fwd(), retry.reason());
			exchange.retried = true;
			return body.discard().thenCompose((ignored) -> forward(exchange, origin));
		}
		if (verdict instanceof ResponseVerdict.ServeStale stale) {
			// A 5xx, and stale-if-error allows the stored response instead (RFC 5861 §4).
			exchange.originFailure = status;
			exchange.revalidated(RevalidationOutcome.ERROR);
			return body.discard().thenApply((ignored) -> serveStale(exchange, stale.entry(), status));
		}
		if (verdict instanceof ResponseVerdict.ServeStored stored) {
			// 304 to our revalidation: the stored body answers, the empty one is released.
			exchange.revalidated(RevalidationOutcome.NOT_MODIFIED);
			if (stored.writeAnswer()) {
				// Handed to the requests collapsed onto this one.
				exchange.shared = stored.answer();
			}
			return body.discard()
				.thenCompose((ignored) -> writeAll(exchange, stored.others()))
				.thenCompose((ignored) -> stored.writeAnswer() ? freshen(exchange, stored.answer()) : done(false))
				.thenApply((written) -> revalidated(exchange, stored.answer(), written, response.source()));
		}
		if (status >= 500) {
			exchange.originFailure = status;
		}
		exchange.revalidated((status >= 500) ? RevalidationOutcome.ERROR : RevalidationOutcome.MODIFIED);
		if (verdict instanceof ResponseVerdict.Store store) {
			return writeAll(exchange, store.writes()).thenCompose((ignored) -> call(() -> body.read(store.limit())))
				.handle((read, failure) -> (failure != null) ? unreachable(exchange, unwrap(failure))
						: complete(exchange, response, read))
				.thenCompose(Function.identity());
		}
		List<CacheEntry> writes = (verdict instanceof ResponseVerdict.PassThrough passThrough) ? passThrough.writes()
				: List.of();
		// Not stored: the body streams through untouched.
		return writeAll(exchange, writes).thenApply((ignored) -> passThrough(exchange, response, body));
	}

	/**
	 * The origin did not answer, or failed midway through its body: the verdict on no answer
	 * ({@code stale-if-error}, a 504 for an entry that must be revalidated, or the failure itself).
	 */
	private CompletionStage<Response<B>> unreachable(Exchange exchange, Throwable failure) {
		exchange.originFailure = 0;
		exchange.revalidated(RevalidationOutcome.ERROR);
		ResponseVerdict verdict = this.after.verdict(exchange.forwarded(), null, Headers.empty(), exchange.requestTime,
				now(), now());
		debug(exchange, verdict.reason());
		if (verdict instanceof ResponseVerdict.ServeStale stale) {
			return done(serveStale(exchange, stale.entry(), 0));
		}
		if (verdict instanceof ResponseVerdict.GatewayTimeout timeout) {
			exchange.outcome = CacheOutcome.ERROR;
			return done(Response.of(this.policy.gatewayTimeout(status().detail(timeout.reason()).toString()), null));
		}
		return CompletableFuture.failedFuture(failure);
	}

	/** A body read within the limit is stored and answered; a larger one passes through. */
	private CompletionStage<Response<B>> complete(Exchange exchange, OriginResponse<B> response, BodyRead<B> read) {
		Body<B> rest = read.rest();
		byte[] bytes = read.bytes();
		if (rest != null || bytes == null) {
			debug(exchange, "not stored, larger than max-entry-size");
			return done(passThrough(exchange, response, (rest != null) ? rest : response.body()));
		}
		ResponseData complete = new ResponseData(response.status(), response.headers(), bytes);
		CachePolicy.Storing storing = this.policy.toStore(exchange.request, exchange.plan.key(), complete,
				exchange.requestTime, exchange.responseTime);
		if (storing.entry() != null && storing.write()) {
			// Handed to the requests collapsed onto this one, even if the write fails: it may be reused.
			exchange.shared = storing.entry();
		}
		else {
			debug(exchange, "not stored, " + storing.reason());
		}
		CacheEntry entry = (storing.write() && exchange.writes()) ? storing.entry() : null;
		return write(exchange, entry).thenApply((written) -> {
			exchange.outcome = exchange.forwardedOutcome(response.status());
			CacheStatus cacheStatus = exchange.forwardedStatus(response.status());
			if (written) {
				cacheStatus.stored();
			}
			return Response.of(complete.withHeaders(CachePolicy.withCacheStatus(complete.headers(), cacheStatus.toString())),
					response.source());
		});
	}

	private Response<B> passThrough(Exchange exchange, OriginResponse<B> response, Body<B> body) {
		exchange.outcome = exchange.forwardedOutcome(response.status());
		return new Response<>(response.status(),
				CachePolicy.withCacheStatus(response.headers(), exchange.forwardedStatus(response.status()).toString()), null, body,
				response.source());
	}

	private Response<B> revalidated(Exchange exchange, CacheEntry updated, boolean written, @Nullable Object source) {
		exchange.outcome = CacheOutcome.REVALIDATED;
		CacheStatus cacheStatus = status().fwd("stale").fwdStatus(304);
		if (written) {
			cacheStatus.stored();
		}
		return Response.of(this.policy.serve(updated, now(), cacheStatus.toString(),
				exchange.request.method().equals("HEAD")), source);
	}

	/**
	 * RFC 5861 §4 {@code stale-if-error}: the stale entry as the answer to a failed origin, {@code failure}
	 * its 5xx status or 0 when it did not answer. {@code Cache-Status} says the request went forward for a
	 * stale entry, what the origin answered, and why the stale entry was used:
	 * {@code http-cache; fwd=stale; fwd-status=503; ttl=-12; detail=stale-if-error}.
	 */
	private Response<B> serveStale(Exchange exchange, CacheEntry entry, int failure) {
		Instant now = now();
		exchange.outcome = CacheOutcome.STALE;
		CacheStatus cacheStatus = status().fwd("stale");
		if (failure != 0) {
			cacheStatus.fwdStatus(failure);
		}
		cacheStatus.ttl(entry.timeToLive(now)).detail("stale-if-error");
		return Response.of(this.policy.answer(exchange.request, entry, now, cacheStatus.toString()), null);
	}

	/**
	 * Decides with what the lookup found; returns the answer when the cache answers by itself, or
	 * {@code null} when the origin must be called with {@link CacheDecision#requestHeaders()}.
	 */
	private @Nullable Response<B> decide(Exchange exchange, List<CacheEntry> stored) {
		Instant now = now();
		CacheRequest request = exchange.request;
		if (!exchange.plan.read()) {
			exchange.decision = new CacheDecision(CacheAction.FETCH, null, request.headers(), exchange.plan.fwd(),
					exchange.plan.reason());
			return null;
		}
		exchange.stored = stored;
		CacheDecision decision = this.policy.decide(request, stored, now);
		exchange.decision = decision;
		debug(exchange, decision.action() + ", " + decision.reason());
		CacheEntry entry = decision.entry();
		return switch (decision.action()) {
			case SERVE -> {
				exchange.outcome = CacheOutcome.HIT;
				yield Response.of(this.policy.answer(request, entry, now, hit(exchange, entry, now)), null);
			}
			case SERVE_STALE -> {
				exchange.outcome = CacheOutcome.STALE;
				yield Response.of(this.policy.answer(request, entry, now, hit(exchange, entry, now)), null);
			}
			case GATEWAY_TIMEOUT -> {
				exchange.outcome = CacheOutcome.MISS;
				yield Response.of(this.policy.gatewayTimeout(status().detail("only-if-cached").toString()), null);
			}
			case REVALIDATE, FETCH -> {
				if (entry != null && !request.options().refresh()
						&& this.engine.stalePolicy().mayServeWhileRevalidating(request, entry, now)) {
					// RFC 5861 §3: answer with the stale entry now, revalidate it in the background.
					exchange.refreshInBackground = true;
					exchange.outcome = CacheOutcome.STALE;
					yield Response.of(this.policy.answer(request, entry, now,
							status().hit().ttl(entry.timeToLive(now)).detail("stale-while-revalidate").toString()), null);
				}
				yield null;
			}
		};
	}

	/**
	 * For a collapsed request: the answer from what the request it waited for left, or {@code null}
	 * when that does not answer this request; then it goes to the origin with the decision it has.
	 */
	private @Nullable Response<B> followed(Exchange exchange, @Nullable LeaderResult leader) {
		if (leader == null) {
			return null;
		}
		if (leader.entry() != null) {
			return followed(exchange, List.of(leader.entry()));
		}
		CacheEntry entry = exchange.decision().entry();
		Integer failure = leader.originFailure();
		if (failure != null && entry != null && this.engine.stalePolicy().mayServeOnError(exchange.request, entry, now())) {
			// The origin just failed the leader: answer stale as stale-if-error allows, rather than sending
			// it one more request (RFC 5861 §4).
			return serveStale(exchange, entry, failure);
		}
		return null;
	}

	/** As {@link #followed(Exchange, LeaderResult)}, for entries read again from the store. */
	private @Nullable Response<B> followed(Exchange exchange, List<CacheEntry> stored) {
		if (stored.isEmpty()) {
			return null;
		}
		Instant now = now();
		CacheDecision shared = this.policy.decide(exchange.request, stored, now);
		CacheEntry entry = shared.entry();
		if (shared.action() != CacheAction.SERVE || entry == null) {
			return null;
		}
		exchange.shared = entry;
		exchange.outcome = CacheOutcome.HIT;
		return Response.of(this.policy.answer(exchange.request, entry, now,
				status().hit().ttl(entry.timeToLive(now)).detail("collapsed").toString()), null);
	}

	/** The answer from what the store holds now, if it answers this request; else {@code null}. */
	private CompletionStage<@Nullable Response<B>> followStored(Exchange exchange) {
		return reread(exchange).thenApply((stored) -> followed(exchange, stored));
	}

	/** What the store holds for the request; a failure is recorded on the exchange and reads as a miss. */
	private CompletionStage<List<CacheEntry>> lookup(Exchange exchange) {
		if (!exchange.plan.read()) {
			if (!exchange.plan.write()) {
				return done(List.of());
			}
			// Writes without reading: the generation alone, so the write is fenced all the same.
			return timed(StoreOperation.GET, () -> this.store.generation(exchange.plan.key().urlKey()))
				.handle((generation, failure) -> {
					exchange.generation = (failure != null) ? CacheStore.UNKNOWN_GENERATION : generation;
					return List.of();
				});
		}
		return timed(StoreOperation.GET, () -> this.store.lookup(exchange.plan.key())).handle((found, failure) -> {
			if (failure != null) {
				// Give up on the cache: the worst case is a plain network call.
				exchange.generation = CacheStore.UNKNOWN_GENERATION;
				exchange.storeFailed = true;
				HttpCacheEngine.logStoreFailure("read", storeFailure(failure));
				return List.of();
			}
			exchange.generation = found.generation();
			exchange.near = found.near();
			return found.entries();
		});
	}

	/** A second look while collapsing; a failure reads as nothing found and the request fetches its own. */
	private CompletionStage<List<CacheEntry>> reread(Exchange exchange) {
		return timed(StoreOperation.GET, () -> this.store.lookup(exchange.plan.key())).handle((found, failure) -> {
			if (failure != null) {
				exchange.generation = CacheStore.UNKNOWN_GENERATION;
				HttpCacheEngine.logStoreFailure("read", storeFailure(failure));
				return List.of();
			}
			exchange.generation = found.generation();
			exchange.near = found.near();
			return found.entries();
		});
	}

	/** A hit's {@code Cache-Status}; one the near tier answered says so ({@code detail=near}). */
	private String hit(Exchange exchange, CacheEntry entry, Instant now) {
		CacheStatus hit = status().hit().ttl(entry.timeToLive(now));
		return (exchange.near ? hit.detail("near") : hit).toString();
	}

	private CompletionStage<@Nullable Void> writeAll(Exchange exchange, List<CacheEntry> entries) {
		CompletionStage<@Nullable Void> written = done(null);
		for (CacheEntry entry : entries) {
			written = written.thenCompose((ignored) -> freshen(exchange, entry).thenApply((result) -> null));
		}
		return written;
	}

	/** Writes an entry, if any; a failure is logged and reported, never signalled. */
	private CompletionStage<Boolean> write(Exchange exchange, @Nullable CacheEntry entry) {
		return write(exchange, entry, false);
	}

	/**
	 * Writes a stored entry freshened by a 304 or a {@code HEAD} (RFC 9111 §4.3.4, §4.3.5): its body is
	 * the stored one, so a store that keeps head and body apart rewrites only the head.
	 */
	private CompletionStage<Boolean> freshen(Exchange exchange, @Nullable CacheEntry entry) {
		return write(exchange, entry, true);
	}

	private CompletionStage<Boolean> write(Exchange exchange, @Nullable CacheEntry entry, boolean sameBody) {
		if (entry == null || exchange.generation == CacheStore.UNKNOWN_GENERATION) {
			// Nothing to write, or the read failed and an invalidation may have passed unseen.
			return done(false);
		}
		// Refused (false) when the URL was invalidated after this request read the store.
		return timed(StoreOperation.PUT, () -> sameBody ? this.store.freshen(exchange.plan.key(), entry, exchange.generation)
				: this.store.put(exchange.plan.key(), entry, exchange.generation))
			.handle((written, failure) -> {
				if (failure != null) {
					HttpCacheEngine.logStoreFailure("write", storeFailure(failure));
					return false;
				}
				return Boolean.TRUE.equals(written);
			});
	}

	/**
	 * After a response to an unsafe method: evicts the URLs it makes obsolete (RFC 9111 §4.4). A store
	 * failure is logged and reported, never signalled.
	 */
	private CompletionStage<@Nullable Void> invalidate(Exchange exchange, int status, Headers headers) {
		List<String> urlKeys = new ArrayList<>();
		for (URI target : this.policy.invalidationTargets(exchange.request, status, headers)) {
			debug(exchange, "invalidating " + this.policy.keys().normalizeUrl(target));
			urlKeys.add(this.policy.keys().urlKey(target));
		}
		if (urlKeys.isEmpty()) {
			return done(null);
		}
		// Requests that begin from now on collapse only with each other (see withGeneration).
		this.engine.invalidated();
		CompletionStage<@Nullable Void> evicted = done(null);
		for (String urlKey : urlKeys) {
			evicted = evicted.thenCompose((ignored) -> timed(StoreOperation.DELETE, () -> this.store.evictUrl(urlKey))
				.handle((result, failure) -> {
					if (failure != null) {
						HttpCacheEngine.logStoreFailure("invalidation", storeFailure(failure));
					}
					return null;
				}));
		}
		return evicted;
	}

	/** {@code HttpCacheRequest.invalidates(...)}: walks the stored URLs, so the edge runs it where it may block. */
	private CompletionStage<@Nullable Void> evictRequested(Exchange exchange, int status) {
		if (this.policy.requestedInvalidations(exchange.request, status).isEmpty()) {
			return done(null);
		}
		return this.edge.offload(() -> this.engine.evictRequested(exchange.request, status));
	}

	/** Times a store call for the listener and turns any failure into a {@link CacheStoreException}. */
	private <T> CompletionStage<T> timed(StoreOperation operation, Supplier<CompletionStage<T>> call) {
		long start = System.nanoTime();
		return call(call).handle((result, failure) -> {
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			if (failure == null) {
				this.listener.onStoreOperation(operation, StoreOutcome.SUCCESS, took);
				return result;
			}
			Throwable cause = unwrap(failure);
			this.listener.onStoreOperation(operation,
					HttpCacheEngine.isTimeout(cause) ? StoreOutcome.TIMEOUT : StoreOutcome.ERROR, took);
			throw (cause instanceof CacheStoreException storeException) ? storeException
					: new CacheStoreException("Cache store " + operation.tagValue() + " failed", cause);
		});
	}

	private static CacheStoreException storeFailure(Throwable failure) {
		Throwable cause = unwrap(failure);
		return (cause instanceof CacheStoreException storeException) ? storeException
				: new CacheStoreException("Cache store call failed", cause);
	}

	/**
	 * The key under which concurrent requests that need the origin are collapsed into one call, or
	 * {@code null} when this one is not collapsed (collapsing off, or the cache is not both read and
	 * written for it). The request key holds the method, URL, credentials and {@code match-headers},
	 * so requests with different credentials never share a flight.
	 */
	private @Nullable String collapseKey(Exchange exchange) {
		if (this.engine.collapse() == CollapseMode.OFF || !exchange.plan.read() || !exchange.plan.write()) {
			return null;
		}
		return exchange.plan.key().requestKey();
	}

	/**
	 * The flight a request may join: its request key at the URL's generation it read and at the engine's
	 * invalidation epoch, so that a request that began after an invalidation never waits for, and is
	 * answered by, a fetch begun before it.
	 */
	private String withGeneration(String flight, Exchange exchange) {
		// The local epoch covers what the generation cannot: stores without one, and a lookup that failed.
		return flight + "@" + exchange.generation + "." + exchange.epoch;
	}

	private void debug(Exchange exchange, String what) {
		if (logger.isDebugEnabled()) {
			logger.debug(exchange.request.method() + " " + exchange.plan.key().url() + ": " + what);
		}
	}

	private Instant now() {
		return this.engine.clock().instant();
	}

	private CacheStatus status() {
		return CacheStatus.of(this.policy.settings().cacheName());
	}

	private static <T> CompletionStage<T> done(T value) {
		return CompletableFuture.completedFuture(value);
	}

	/** Runs a step that returns a stage; one that throws instead answers a failed stage. */
	private static <T> CompletableFuture<T> call(Supplier<? extends CompletionStage<T>> step) {
		try {
			return step.get().toCompletableFuture();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	static Throwable unwrap(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	/** The state of one request (or one background refresh) as it goes through the flow. */
	private final class Exchange {

		final CacheRequest request;

		final CachePlan plan;

		/** How many invalidations the engine had made when the request began. */
		final long epoch;

		@Nullable CacheDecision decision;

		/** The lookup failed: nothing is written, and the outcome is an error. */
		boolean storeFailed;

		/** A background refresh: it reports revalidations, never a request. */
		boolean background;

		/** This is the unconditional repeat of a revalidation whose 304 could not be used. */
		boolean retried;

		/** The stale entry was served under {@code stale-while-revalidate} and is to be refreshed. */
		boolean refreshInBackground;

		/** What the request's answer counts as; reported once, by {@link CacheFlow#report}. */
		CacheOutcome outcome = CacheOutcome.MISS;

		/** How the revalidation ended, when this exchange revalidated. */
		@Nullable RevalidationOutcome revalidation;

		/** The entry this exchange stored or served, for collapsed requests waiting on it. */
		@Nullable CacheEntry shared;

		/** How the origin failed this exchange: its 5xx status, 0 when it did not answer, else {@code null}. */
		@Nullable Integer originFailure;

		/** Every variant the lookup found for the request key. */
		List<CacheEntry> stored = List.of();

		/** The URL's generation when this exchange read the store; its writes are refused if it moved on. */
		long generation = CacheStore.ANY_GENERATION;

		/** The lookup was answered by the near tier: a hit then says {@code detail=near}. */
		boolean near;

		Instant requestTime;

		Instant responseTime;

		Exchange(CacheRequest request) {
			this.request = request;
			this.plan = CacheFlow.this.policy.plan(request);
			this.epoch = CacheFlow.this.engine.invalidations();
			this.requestTime = now();
			this.responseTime = this.requestTime;
			debug(this, this.plan.reason());
		}

		CacheDecision decision() {
			if (this.decision == null) {
				throw new IllegalStateException("decide() has not run");
			}
			return this.decision;
		}

		/**
		 * Turns this exchange into the background refresh of a stale entry: a conditional request when the
		 * entry has a validator (RFC 9111 §4.3.1), else a plain one.
		 */
		void refreshing(CacheEntry entry) {
			this.background = true;
			this.decision = entry.hasValidator()
					? new CacheDecision(CacheAction.REVALIDATE, entry,
							ConditionalRequests.conditionalHeaders(this.request.headers(), entry), "stale",
							"stale-while-revalidate refresh")
					: new CacheDecision(CacheAction.FETCH, entry, this.request.headers(), "stale",
							"stale-while-revalidate refresh, no validator");
		}

		/** What went to the origin, for the verdict on its answer. */
		AfterResponse.Forwarded forwarded() {
			return new AfterResponse.Forwarded(this.request, decision(), this.stored, writes(), this.background,
					this.retried);
		}

		/** Whether this request may write: the plan allows it and the store did not just fail (a second timeout). */
		boolean writes() {
			return this.plan.write() && !this.storeFailed;
		}

		/** Whether the origin call validates a stored entry: a conditional request, or any background refresh. */
		boolean revalidates() {
			return decision().action() == CacheAction.REVALIDATE || this.background;
		}

		void revalidated(RevalidationOutcome outcome) {
			if (this.decision != null && revalidates()) {
				this.revalidation = outcome;
			}
		}

		/** What a response from the origin counts as; a 5xx to a revalidation is a failed one, as in the background. */
		CacheOutcome forwardedOutcome(int status) {
			if (this.storeFailed) {
				return CacheOutcome.ERROR;
			}
			if (this.plan.bypass()) {
				return CacheOutcome.BYPASS;
			}
			if (decision().action() == CacheAction.REVALIDATE) {
				return (status >= 500) ? CacheOutcome.ERROR : CacheOutcome.MODIFIED;
			}
			return CacheOutcome.MISS;
		}

		CacheStatus forwardedStatus(int status) {
			CacheStatus cacheStatus = status().fwd(decision().fwd());
			if (decision().action() == CacheAction.REVALIDATE && status >= 500) {
				// A failed revalidation says what the origin answered, as stale-if-error does (RFC 9211 §2.4).
				cacheStatus.fwdStatus(status);
			}
			if (this.storeFailed) {
				cacheStatus.detail("store-unavailable");
			}
			return cacheStatus;
		}

		/** What this exchange leaves for the requests collapsed onto it. */
		LeaderResult leaderResult() {
			return new LeaderResult(this.shared, (this.shared != null) ? null : this.originFailure);
		}

	}

	/**
	 * Where the client's world meets the flow: how to wait for a collapsed request's leader, how to
	 * pause between lease polls, where to run work that blocks, and how to run a background refresh.
	 */
	interface Edge {

		/** The leader's result, or {@code null} once {@code timeout} has passed or it failed. */
		<T> CompletionStage<@Nullable T> await(CompletableFuture<@Nullable T> leader, Duration timeout);

		/** Completes after {@code millis}; {@code false} when interrupted. */
		CompletionStage<Boolean> pause(long millis);

		/** Runs work that may block (it walks the store). */
		CompletionStage<@Nullable Void> offload(Runnable work);

		/** Runs a refresh apart from the request, at most one per key at a time. */
		void background(String key, Supplier<CompletionStage<@Nullable Void>> refresh);

	}

	/**
	 * Sends the request to the origin with the given headers.
	 *
	 * @param <B> the client's body type
	 */
	@FunctionalInterface
	interface Origin<B> {

		CompletionStage<OriginResponse<B>> send(Headers requestHeaders);

	}

	/**
	 * A response body from the origin, consumed once: read within a limit, discarded, or handed on.
	 *
	 * @param <B> the client's body type
	 */
	interface Body<B> {

		/** Reads it whole, up to {@code limit} bytes; past that, the rest is handed back untouched. */
		CompletionStage<BodyRead<B>> read(long limit);

		/** Releases it unread (or drains it) and frees the connection. */
		CompletionStage<@Nullable Void> discard();

		/** The body as the client streams it. */
		B stream();

	}

	/**
	 * A body read up to a limit.
	 *
	 * @param <B> the client's body type
	 * @param bytes the whole body, when within the limit
	 * @param rest the body as it comes (what was read, then the rest), when past the limit
	 */
	record BodyRead<B>(byte @Nullable [] bytes, @Nullable Body<B> rest) {
	}

	/**
	 * What the origin answered.
	 *
	 * @param <B> the client's body type
	 * @param status the status code
	 * @param headers the header fields
	 * @param body the body
	 * @param source the client's own response, for what the flow does not model (cookies, codecs)
	 */
	record OriginResponse<B>(int status, Headers headers, Body<B> body, @Nullable Object source) {
	}

	/**
	 * What the caller receives: a response the cache made ({@code data}), or the origin's passed through
	 * ({@code body}).
	 *
	 * @param <B> the client's body type
	 * @param status the status code
	 * @param headers the header fields, {@code Cache-Status} included
	 * @param data the complete response, when the cache made it
	 * @param body the origin's body, when passed through
	 * @param source the origin's response, or {@code null} when the cache answered alone
	 */
	record Response<B>(int status, Headers headers, @Nullable ResponseData data, @Nullable Body<B> body,
			@Nullable Object source) {

		static <B> Response<B> of(ResponseData data, @Nullable Object source) {
			return new Response<>(data.status(), data.headers(), data, null, source);
		}

	}

}
