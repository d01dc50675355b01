package io.github.httpcache.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.httpcache.client.HttpCacheListener.RevalidationOutcome;
import io.github.httpcache.client.HttpCacheListener.StoreOperation;
import io.github.httpcache.client.HttpCacheListener.StoreOutcome;
import io.github.httpcache.core.CacheAction;
import io.github.httpcache.core.CacheDecision;
import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.core.CacheOutcome;
import io.github.httpcache.core.CachePlan;
import io.github.httpcache.core.CachePolicy;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.CacheStatus;
import io.github.httpcache.core.ConditionalRequests;
import io.github.httpcache.core.Headers;
import io.github.httpcache.core.Invalidation;
import io.github.httpcache.core.ResponseData;
import io.github.httpcache.core.ValidatorSelection;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.CacheStoreException;
import io.github.httpcache.store.StoreFailureLog;

/**
 * Runs the caching flow for one request: plan, look up, decide, forward or not, store, report. The
 * decisions are the core's ({@link CachePolicy}); this class only sequences them, calls the store
 * and the origin, and turns every store failure into a miss so a cache problem never fails a request.
 * <p>
 * Client adapters ({@link CachingClientHttpRequestInterceptor} and the WebClient filter) only
 * translate their types and run these steps; the steps themselves are shared.
 */
public final class HttpCacheEngine {

	private static final Log logger = LogFactory.getLog(HttpCacheEngine.class);

	private static final StoreFailureLog failureLog = new StoreFailureLog(logger);

	private final CachePolicy policy;

	private final CacheStore store;

	private final Clock clock;

	private final HttpCacheListener listener;

	public HttpCacheEngine(CachePolicy policy, CacheStore store, Clock clock, List<HttpCacheListener> listeners) {
		this.policy = policy;
		this.store = store;
		this.clock = clock;
		this.listener = new HttpCacheListeners(listeners);
	}

	public CachePolicy policy() {
		return this.policy;
	}

	public CacheStore store() {
		return this.store;
	}

	public Clock clock() {
		return this.clock;
	}

	HttpCacheListener listener() {
		return this.listener;
	}

	/** The blocking flow. */
	public Response execute(CacheRequest request, Origin origin) throws IOException {
		Exchange exchange = new Exchange(request);
		List<CacheEntry> stored = List.of();
		if (exchange.plan.read()) {
			try {
				stored = timed(StoreOperation.GET, () -> this.store.get(exchange.plan.key()));
			}
			catch (CacheStoreException ex) {
				exchange.storeFailed(ex);
			}
		}
		ResponseData answer = exchange.decide(stored);
		if (answer != null) {
			return Response.of(answer);
		}
		OriginResponse response;
		exchange.requestTime = this.clock.instant();
		try {
			response = origin.send(exchange.decision.requestHeaders());
		}
		catch (IOException | RuntimeException ex) {
			exchange.originFailed();
			ResponseData unreachable = exchange.unreachable();
			if (unreachable != null) {
				return Response.of(unreachable);
			}
			throw ex;
		}
		exchange.responseTime = this.clock.instant();
		exchange.invalidate(response.status(), response.headers());
		if (exchange.retryUnconditionally(response.status(), response.headers())) {
			response.close();
			exchange.requestTime = this.clock.instant();
			try {
				response = origin.send(exchange.decision.requestHeaders());
			}
			catch (IOException | RuntimeException ex) {
				exchange.originFailed();
				throw ex;
			}
			exchange.responseTime = this.clock.instant();
		}
		ResponseData notModified = exchange.notModified(response.status(), response.headers());
		if (notModified != null) {
			response.close();
			return Response.of(notModified);
		}
		exchange.headResponse(response.status(), response.headers());
		Long limit = exchange.bodyLimit(response.status(), response.headers());
		if (limit == null) {
			return new Response(response.status(), exchange.passThroughHeaders(response.headers()), response.body(),
					response);
		}
		InputStream body = response.body();
		byte[] head = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
		if (head.length > limit) {
			// Too large to store: hand the caller what was read followed by the rest, untouched.
			exchange.tooLarge();
			return new Response(response.status(), exchange.passThroughHeaders(response.headers()),
					new SequenceInputStream(new ByteArrayInputStream(head), body), response);
		}
		response.close();
		ResponseData complete = exchange.complete(new ResponseData(response.status(), response.headers(), head));
		return Response.of(complete);
	}

	/** Runs a store call, timing it and turning any failure into a {@link CacheStoreException}. */
	<T> T timed(StoreOperation operation, Supplier<T> call) {
		long start = System.nanoTime();
		try {
			T result = call.get();
			this.listener.onStoreOperation(operation, StoreOutcome.SUCCESS, Duration.ofNanos(System.nanoTime() - start));
			return result;
		}
		catch (RuntimeException ex) {
			StoreOutcome outcome = isTimeout(ex) ? StoreOutcome.TIMEOUT : StoreOutcome.ERROR;
			this.listener.onStoreOperation(operation, outcome, Duration.ofNanos(System.nanoTime() - start));
			throw (ex instanceof CacheStoreException storeException) ? storeException
					: new CacheStoreException("Cache store " + operation.tagValue() + " failed", ex);
		}
	}

	static boolean isTimeout(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getClass().getSimpleName().contains("Timeout")) {
				return true;
			}
		}
		return false;
	}

	/** Writes an entry; a failure is logged and reported, never thrown. */
	boolean write(CacheKey key, CacheEntry entry) {
		try {
			timed(StoreOperation.PUT, () -> {
				this.store.put(key, entry);
				return null;
			});
			return true;
		}
		catch (CacheStoreException ex) {
			logStoreFailure("write", ex);
			return false;
		}
	}

	/** Logs a store failure: a warning for the first of a burst and then one a minute, the rest at debug. */
	static void logStoreFailure(String what, CacheStoreException ex) {
		failureLog.failed("Cache store " + what + " failed; continuing without the cache", ex);
	}

	/**
	 * The state and steps of one request, shared by the blocking and reactive flows: each step is a
	 * call into the pure core plus the event it reports.
	 */
	public final class Exchange {

		final CacheRequest request;

		final CachePlan plan;

		@Nullable CacheDecision decision;

		boolean storeFailed;

		List<CacheEntry> alsoFreshened = List.of();

		boolean reported;

		/** Every variant the lookup found for the request key. */
		List<CacheEntry> stored = List.of();

		Instant requestTime;

		Instant responseTime;

		public Exchange(CacheRequest request) {
			this.request = request;
			this.plan = HttpCacheEngine.this.policy.plan(request);
			this.requestTime = HttpCacheEngine.this.clock.instant();
			this.responseTime = this.requestTime;
			if (logger.isDebugEnabled()) {
				logger.debug(request.method() + " " + this.plan.key().url() + ": " + this.plan.reason());
			}
		}

		public CachePlan plan() {
			return this.plan;
		}

		public CacheDecision decision() {
			if (this.decision == null) {
				throw new IllegalStateException("decide() has not run");
			}
			return this.decision;
		}

		public void storeFailed(CacheStoreException ex) {
			this.storeFailed = true;
			logStoreFailure("read", ex);
		}

		/**
		 * Decides with what the lookup found; returns the answer when the cache answers by itself, or
		 * {@code null} when the origin must be called with {@link CacheDecision#requestHeaders()}.
		 */
		public @Nullable ResponseData decide(List<CacheEntry> stored) {
			Instant now = HttpCacheEngine.this.clock.instant();
			CachePolicy policy = HttpCacheEngine.this.policy;
			if (!this.plan.read()) {
				this.decision = new CacheDecision(CacheAction.FETCH, null, this.request.headers(), this.plan.fwd(),
						this.plan.reason());
				return null;
			}
			this.stored = stored;
			this.decision = policy.decide(this.request, stored, now);
			if (logger.isDebugEnabled()) {
				logger.debug(this.request.method() + " " + this.plan.key().url() + ": " + this.decision.action() + ", "
						+ this.decision.reason());
			}
			return switch (this.decision.action()) {
				case SERVE -> {
					CacheEntry entry = this.decision.entry();
					report(CacheOutcome.HIT);
					yield policy.answer(this.request, entry, now, status().hit().ttl(entry.timeToLive(now)).toString());
				}
				case SERVE_STALE -> {
					CacheEntry entry = this.decision.entry();
					report(CacheOutcome.STALE);
					yield policy.answer(this.request, entry, now, status().hit().ttl(entry.timeToLive(now)).toString());
				}
				case GATEWAY_TIMEOUT -> {
					report(CacheOutcome.MISS);
					yield policy.gatewayTimeout(status().detail("only-if-cached").toString());
				}
				case REVALIDATE, FETCH -> null;
			};
		}

		/**
		 * After a response to an unsafe method: evicts the URLs it makes obsolete (RFC 9111 §4.4). A
		 * store failure is logged and reported, never thrown.
		 */
		public void invalidate(int status, Headers headers) {
			for (String urlKey : invalidationTargets(status, headers)) {
				try {
					timed(StoreOperation.DELETE, () -> {
						HttpCacheEngine.this.store.evictUrl(urlKey);
						return null;
					});
				}
				catch (CacheStoreException ex) {
					logStoreFailure("invalidation", ex);
				}
			}
		}

		/** The URL keys a response to an unsafe method makes obsolete (RFC 9111 §4.4), for flows that evict on their own. */
		public List<String> invalidationTargets(int status, Headers headers) {
			List<String> urlKeys = new java.util.ArrayList<>();
			for (URI target : Invalidation.targets(this.request, status, headers)) {
				if (logger.isDebugEnabled()) {
					logger.debug(this.request.method() + " " + this.plan.key().url() + ": invalidating "
							+ HttpCacheEngine.this.policy.keys().normalizeUrl(target));
				}
				urlKeys.add(HttpCacheEngine.this.policy.keys().urlKey(target));
			}
			return urlKeys;
		}

		/**
		 * Whether the origin's 304 cannot be used and the request must be repeated without our
		 * validators: it names no stored response (RFC 9111 §4.3.4) or is older than the one it names.
		 * When it returns {@code true}, send {@link CacheDecision#requestHeaders()} again.
		 */
		public boolean retryUnconditionally(int status, Headers headers) {
			CacheDecision decision = decision();
			if (decision.action() != CacheAction.REVALIDATE || status != 304) {
				return false;
			}
			String why = ValidatorSelection.whyUnusable(candidates(), headers);
			if (why == null) {
				return false;
			}
			if (logger.isDebugEnabled()) {
				logger.debug(this.request.method() + " " + this.plan.key().url() + ": retrying unconditionally, " + why);
			}
			this.decision = new CacheDecision(CacheAction.FETCH, decision.entry(),
					ConditionalRequests.withoutConditions(decision.requestHeaders()), decision.fwd(), why);
			return true;
		}

		/**
		 * After a {@code 200} to {@code HEAD}: freshens the stored {@code GET} response that was chosen
		 * for the request if it matches, or marks it stale (RFC 9111 §4.3.5).
		 */
		public void headResponse(int status, Headers headers) {
			CacheEntry entry = headFreshened(status, headers);
			if (entry != null) {
				write(this.plan.key(), entry);
			}
		}

		/** What {@link #headResponse} writes, for flows that write on their own; {@code null} for nothing. */
		public @Nullable CacheEntry headFreshened(int status, Headers headers) {
			CacheEntry entry = decision().entry();
			if (!this.request.method().equals("HEAD") || status != 200 || !this.plan.write() || entry == null) {
				return null;
			}
			CachePolicy.Storing storing = HttpCacheEngine.this.policy.freshenFromHead(this.request, entry, headers,
					this.requestTime, this.responseTime);
			if (logger.isDebugEnabled()) {
				logger.debug(this.request.method() + " " + this.plan.key().url() + ": " + storing.reason());
			}
			return storing.write() ? storing.entry() : null;
		}

		/**
		 * When the origin could not be reached for an entry that may never be served stale
		 * ({@code must-revalidate}), the {@code 504} to answer with (RFC 9111 §5.2.2.2); else
		 * {@code null} and the failure propagates.
		 */
		public @Nullable ResponseData unreachable() {
			CacheEntry entry = (this.decision != null) ? this.decision.entry() : null;
			if (entry == null || !HttpCacheEngine.this.policy.forbidsStale(entry)) {
				return null;
			}
			return HttpCacheEngine.this.policy.gatewayTimeout(status().detail("must-revalidate").toString());
		}

		/** The stored responses a 304 may name: every stored variant, or the one revalidated. */
		private List<CacheEntry> candidates() {
			CacheEntry entry = decision().entry();
			if (!this.stored.isEmpty()) {
				return this.stored;
			}
			return (entry != null) ? List.of(entry) : List.of();
		}

		/** When the origin answered 304 to our revalidation, the stored response to answer with. */
		public @Nullable ResponseData notModified(int status, Headers headers) {
			CachePolicy.Storing freshened = freshened(status, headers);
			if (freshened == null) {
				return null;
			}
			for (CacheEntry other : alsoFreshened()) {
				write(this.plan.key(), other);
			}
			CacheEntry entry = entryToWrite(freshened);
			return revalidated(freshened, entry != null && write(this.plan.key(), entry));
		}

		/**
		 * First half of {@link #notModified}, for flows that write on their own: when the origin answered
		 * 304 to our revalidation, the freshened entry; else {@code null}. Reports the revalidation.
		 */
		public CachePolicy.@Nullable Storing freshened(int status, Headers headers) {
			CacheDecision decision = decision();
			if (decision.action() != CacheAction.REVALIDATE) {
				return null;
			}
			if (status != 304) {
				HttpCacheEngine.this.listener.onRevalidation(RevalidationOutcome.MODIFIED);
				return null;
			}
			HttpCacheEngine.this.listener.onRevalidation(RevalidationOutcome.NOT_MODIFIED);
			// RFC 9111 §4.3.4: update every stored response the 304 selects and answer with one of them.
			List<CacheEntry> selected = ValidatorSelection.toUpdate(candidates(), decision.entry(), headers);
			CacheEntry answered = selected.get(0);
			CachePolicy.Storing answeredStoring = null;
			List<CacheEntry> others = new java.util.ArrayList<>();
			for (CacheEntry entry : selected) {
				CachePolicy.Storing storing = HttpCacheEngine.this.policy.freshen(this.request, entry, headers,
						this.requestTime, this.responseTime);
				if (entry.equals(answered)) {
					answeredStoring = storing;
				}
				else {
					CacheEntry toWrite = entryToWrite(storing);
					if (toWrite != null) {
						others.add(toWrite);
					}
				}
			}
			this.alsoFreshened = List.copyOf(others);
			return answeredStoring;
		}

		/**
		 * The other stored variants the last 304 selected besides the one answered with (RFC 9111
		 * §4.3.4), freshened and to be written by the flow.
		 */
		public List<CacheEntry> alsoFreshened() {
			return this.alsoFreshened;
		}

		/** Second half of {@link #notModified}: the stored response to answer with, once the write is done. */
		public ResponseData revalidated(CachePolicy.Storing freshened, boolean written) {
			CacheEntry updated = freshened.entry();
			if (updated == null) {
				throw new IllegalStateException("freshen() returned no entry");
			}
			report(CacheOutcome.REVALIDATED);
			CacheStatus cacheStatus = status().fwd("stale").fwdStatus(304);
			if (written) {
				cacheStatus.stored();
			}
			return HttpCacheEngine.this.policy.serve(updated, HttpCacheEngine.this.clock.instant(), cacheStatus.toString(),
					this.request.method().equals("HEAD"));
		}

		/** The entry a storing decision asks to write, or {@code null} when nothing is to be written. */
		public @Nullable CacheEntry entryToWrite(CachePolicy.Storing storing) {
			// After a failed read the store is likely down: a write would only add a second timeout.
			if (this.storeFailed) {
				return null;
			}
			return (storing.entry() != null && storing.write() && this.plan.write()) ? storing.entry() : null;
		}

		/**
		 * How many body bytes to read to store the response, or {@code null} when it will not be stored
		 * and should be passed through as it comes.
		 */
		public @Nullable Long bodyLimit(int status, Headers headers) {
			if (!this.plan.write()) {
				return null;
			}
			String whyNot = HttpCacheEngine.this.policy.whyNotStorable(this.request, status, headers, this.requestTime,
					this.responseTime);
			if (whyNot != null) {
				if (logger.isDebugEnabled()) {
					logger.debug(this.request.method() + " " + this.plan.key().url() + ": not stored, " + whyNot);
				}
				return null;
			}
			return HttpCacheEngine.this.policy.settings().maxEntrySize();
		}

		/** The headers of a response passed through unstored, with {@code Cache-Status}. */
		public Headers passThroughHeaders(Headers headers) {
			report(outcome());
			return CachePolicy.withCacheStatus(headers, forwarded().toString());
		}

		/** The response was larger than {@code max-entry-size}: it passes through. */
		public void tooLarge() {
			if (logger.isDebugEnabled()) {
				logger.debug(this.request.method() + " " + this.plan.key().url() + ": not stored, larger than max-entry-size");
			}
		}

		/** A complete response that may be stored: store it and return what the caller receives. */
		public ResponseData complete(ResponseData response) {
			CachePolicy.Storing storing = storing(response);
			CacheEntry entry = entryToWrite(storing);
			return completed(response, entry != null && write(this.plan.key(), entry));
		}

		/** First half of {@link #complete}, for flows that write on their own: what to store, if anything. */
		public CachePolicy.Storing storing(ResponseData response) {
			return HttpCacheEngine.this.policy.toStore(this.request, this.plan.key(), response, this.requestTime,
					this.responseTime);
		}

		/** Second half of {@link #complete}: what the caller receives, once the write is done. */
		public ResponseData completed(ResponseData response, boolean written) {
			report(outcome());
			CacheStatus cacheStatus = forwarded();
			if (written) {
				cacheStatus.stored();
			}
			return response.withHeaders(CachePolicy.withCacheStatus(response.headers(), cacheStatus.toString()));
		}

		/** The origin could not be reached. */
		public void originFailed() {
			if (decision().action() == CacheAction.REVALIDATE) {
				HttpCacheEngine.this.listener.onRevalidation(RevalidationOutcome.ERROR);
			}
			report(CacheOutcome.ERROR);
		}

		private CacheOutcome outcome() {
			if (this.storeFailed) {
				return CacheOutcome.ERROR;
			}
			if (this.plan.bypass()) {
				return CacheOutcome.BYPASS;
			}
			return (decision().action() == CacheAction.REVALIDATE) ? CacheOutcome.MODIFIED : CacheOutcome.MISS;
		}

		private CacheStatus forwarded() {
			CacheStatus cacheStatus = status().fwd(decision().fwd());
			if (this.storeFailed) {
				cacheStatus.detail("store-unavailable");
			}
			return cacheStatus;
		}

		private CacheStatus status() {
			return CacheStatus.of(HttpCacheEngine.this.policy.settings().cacheName());
		}

		private void report(CacheOutcome outcome) {
			if (!this.reported) {
				this.reported = true;
				HttpCacheEngine.this.listener.onRequest(outcome);
			}
		}

	}

	/** Sends the request to the origin with the given headers. */
	@FunctionalInterface
	public interface Origin {

		OriginResponse send(Headers requestHeaders) throws IOException;

	}

	/**
	 * What the origin answered.
	 *
	 * @param status the status code
	 * @param headers the header fields
	 * @param body the body stream
	 * @param closer releases the underlying response
	 */
	public record OriginResponse(int status, Headers headers, InputStream body, java.io.Closeable closer)
			implements java.io.Closeable {

		@Override
		public void close() {
			try {
				this.closer.close();
			}
			catch (IOException ex) {
				// nothing more to release
			}
		}

	}

	/**
	 * What the caller receives.
	 *
	 * @param status the status code
	 * @param headers the header fields, {@code Cache-Status} included
	 * @param body the body stream
	 * @param closer releases the origin response, if one is still open
	 */
	public record Response(int status, Headers headers, InputStream body, java.io.Closeable closer) {

		static Response of(ResponseData data) {
			return new Response(data.status(), data.headers(), new ByteArrayInputStream(data.body()), () -> {
			});
		}

	}

}
