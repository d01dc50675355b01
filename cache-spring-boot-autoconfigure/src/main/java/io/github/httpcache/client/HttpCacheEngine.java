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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
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
import io.github.httpcache.core.ResponseData;
import io.github.httpcache.core.StalePolicy;
import io.github.httpcache.core.UrlMatcher;
import io.github.httpcache.core.ValidatorSelection;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.CacheStoreException;
import io.github.httpcache.store.Lookup;
import io.github.httpcache.store.StoreFailureLog;

/**
 * Runs the caching flow for one request: plan, look up, decide, forward or not, store, report. The
 * decisions are the core's ({@link CachePolicy}); this class only sequences them, calls the store
 * and the origin, and turns every store failure into a miss so a cache problem never fails a request.
 * <p>
 * Client adapters ({@link CachingClientHttpRequestInterceptor} and the WebClient filter) only
 * translate their types and run these steps; the steps themselves are shared.
 */
public final class HttpCacheEngine implements AutoCloseable {

	/** How long a collapsed request waits for the one it follows before calling the origin itself. */
	public static final Duration DEFAULT_COLLAPSE_TIMEOUT = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(HttpCacheEngine.class);

	static final long INITIAL_POLL_MILLIS = 10;

	static final long MAX_POLL_MILLIS = 200;

	private static final StoreFailureLog failureLog = new StoreFailureLog(logger);

	private final CachePolicy policy;

	private final CacheStore store;

	private final Clock clock;

	private final HttpCacheListener listener;

	private final StalePolicy stale;

	private final CollapseMode collapse;

	private final Duration collapseTimeout;

	private final SingleFlight<LeaderResult> flights = new SingleFlight<>();

	private final BackgroundRefresher refresher = new BackgroundRefresher(8, 256);

	/** Tells this engine's leases from other instances'; a counter tells its own apart. */
	private final String instanceId = UUID.randomUUID().toString();

	private final AtomicLong leases = new AtomicLong();

	/** Invalidations this engine has made; a request joins only flights begun since the last one before it. */
	private final AtomicLong invalidations = new AtomicLong();

	private final Function<String, UrlMatcher> globs;

	public HttpCacheEngine(CachePolicy policy, CacheStore store, Clock clock, List<HttpCacheListener> listeners) {
		this(policy, store, clock, listeners, CollapseMode.LOCAL, DEFAULT_COLLAPSE_TIMEOUT);
	}

	/**
	 * @param collapseTimeout how long a collapsed request waits for the one it follows, and how long a
	 * store lease lasts, before it calls the origin itself
	 */
	public HttpCacheEngine(CachePolicy policy, CacheStore store, Clock clock, List<HttpCacheListener> listeners,
			CollapseMode collapse, Duration collapseTimeout) {
		this(policy, store, clock, listeners, collapse, collapseTimeout, HttpCacheEngine::exactUrl);
	}

	/**
	 * @param globs reads a URL glob ({@code urls-expire-after} syntax) for {@link #evictMatching}; throws
	 * {@link IllegalArgumentException} for a malformed one
	 */
	public HttpCacheEngine(CachePolicy policy, CacheStore store, Clock clock, List<HttpCacheListener> listeners,
			CollapseMode collapse, Duration collapseTimeout, Function<String, UrlMatcher> globs) {
		this.globs = globs;
		this.policy = policy;
		this.store = store;
		this.clock = clock;
		this.listener = new HttpCacheListeners(listeners);
		this.stale = new StalePolicy(policy.settings());
		this.collapse = collapse;
		this.collapseTimeout = collapseTimeout;
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

	public CollapseMode collapse() {
		return this.collapse;
	}

	HttpCacheListener listener() {
		return this.listener;
	}

	/** The in-flight fetches that concurrent requests collapse onto, shared by both flows. */
	SingleFlight<LeaderResult> flights() {
		return this.flights;
	}

	Duration collapseTimeout() {
		return this.collapseTimeout;
	}

	BackgroundRefresher refresher() {
		return this.refresher;
	}

	/**
	 * The blocking flow: look up and decide; answer from the store (refreshing a stale answer in the
	 * background when {@code stale-while-revalidate} allows it), or wait for a concurrent request that is
	 * already fetching the same response, or go to the origin.
	 */
	public Response execute(CacheRequest request, Origin origin) throws IOException {
		Exchange exchange = new Exchange(request);
		String flight = exchange.collapseKey();
		long stamp = (flight != null) ? this.flights.stamp(flight) : 0;
		ResponseData answer = exchange.decide(lookup(exchange));
		if (answer != null) {
			if (exchange.refreshesInBackground()) {
				refreshInBackground(exchange, origin);
			}
			return Response.of(answer);
		}
		if (flight == null) {
			return forward(exchange, origin);
		}
		flight = withGeneration(flight, exchange);
		CompletableFuture<@Nullable LeaderResult> leader = this.flights.join(flight);
		if (leader != null) {
			ResponseData followed = exchange.followed(awaitLeader(leader));
			// When the leader's result does not answer this request (Vary, not storable), fetch our own.
			return (followed != null) ? Response.of(followed) : forward(exchange, origin);
		}
		try {
			if (this.flights.stamp(flight) != stamp) {
				// A flight for this key completed between our lookup and our joining: look again.
				ResponseData stored = exchange.followed(reread(exchange));
				if (stored != null) {
					return Response.of(stored);
				}
			}
			return (this.collapse == CollapseMode.REDIS) ? fetchUnderLease(exchange, origin) : forward(exchange, origin);
		}
		finally {
			this.flights.complete(flight, exchange.leaderResult());
		}
	}

	/**
	 * With {@code collapse=redis}: fetch while holding the request key's lease in the store, or, while
	 * another instance holds it, poll the store with a bounded backoff for the entry it writes. Past the
	 * collapse timeout, fetch anyway.
	 */
	private Response fetchUnderLease(Exchange exchange, Origin origin) throws IOException {
		String owner = leaseOwner();
		long deadline = System.nanoTime() + this.collapseTimeout.toNanos();
		long backoff = INITIAL_POLL_MILLIS;
		boolean waited = false;
		while (!tryLease(exchange, owner)) {
			if (System.nanoTime() - deadline > 0 || !pause(backoff)) {
				return forward(exchange, origin);
			}
			waited = true;
			backoff = Math.min(backoff * 2, MAX_POLL_MILLIS);
			ResponseData followed = exchange.followed(reread(exchange));
			if (followed != null) {
				return Response.of(followed);
			}
		}
		try {
			if (waited) {
				// The previous holder may have written the entry just before releasing the lease.
				ResponseData followed = exchange.followed(reread(exchange));
				if (followed != null) {
					return Response.of(followed);
				}
			}
			return forward(exchange, origin);
		}
		finally {
			releaseLease(exchange, owner);
		}
	}

	/** Sends the decided request to the origin and runs the steps that follow its answer. */
	private Response forward(Exchange exchange, Origin origin) throws IOException {
		OriginResponse response;
		exchange.requestTime = this.clock.instant();
		try {
			response = origin.send(exchange.decision().requestHeaders());
		}
		catch (IOException | RuntimeException ex) {
			ResponseData stale = exchange.staleOnError(null);
			if (stale != null) {
				return Response.of(stale);
			}
			exchange.originFailed();
			ResponseData unreachable = exchange.unreachable();
			if (unreachable != null) {
				return Response.of(unreachable);
			}
			throw ex;
		}
		exchange.responseTime = this.clock.instant();
		exchange.invalidate(response.status(), response.headers());
		evictRequested(exchange.request, response.status());
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
		ResponseData stale = exchange.staleOnError(response.status());
		if (stale != null) {
			response.close();
			return Response.of(stale);
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
		byte[] head;
		try {
			head = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
		}
		catch (IOException | RuntimeException ex) {
			// The origin failed mid-body (some clients signal it unchecked): free its connection, then
			// answer as for any origin failure.
			response.close();
			ResponseData staleOnBodyError = exchange.staleOnError(null);
			if (staleOnBodyError != null) {
				return Response.of(staleOnBodyError);
			}
			exchange.originFailed();
			throw ex;
		}
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

	/**
	 * RFC 5861 §3: revalidates the stale entry just served, off the caller's thread and at most once per
	 * entry at a time. It reports a revalidation, never a request; a failure leaves the entry as it was.
	 */
	private void refreshInBackground(Exchange served, Origin origin) {
		CacheEntry stale = served.decision().entry();
		if (stale == null) {
			return;
		}
		CacheRequest request = served.request;
		String key = served.plan.key().requestKey() + ":" + stale.variantKey();
		long generation = served.generation;
		this.refresher.refresh(key, () -> refresh(request, stale, origin, generation));
	}

	private void refresh(CacheRequest request, CacheEntry stale, Origin origin, long generation) {
		Exchange exchange = new Exchange(request);
		exchange.refreshing(stale);
		exchange.generation = generation;
		String owner = leaseOwner();
		if (this.collapse == CollapseMode.REDIS && !tryLease(exchange, owner)) {
			// Another instance is fetching this response; it will store what it gets.
			return;
		}
		try {
			exchange.requestTime = this.clock.instant();
			OriginResponse response;
			try {
				response = origin.send(exchange.decision().requestHeaders());
			}
			catch (IOException | RuntimeException ex) {
				exchange.originFailed();
				logger.debug("Background refresh of " + exchange.plan.key().url() + " failed", ex);
				return;
			}
			exchange.responseTime = this.clock.instant();
			try (response) {
				if (exchange.refreshFailed(response.status())
						|| exchange.retryUnconditionally(response.status(), response.headers())
						|| exchange.notModified(response.status(), response.headers()) != null) {
					// Failed, a 304 that cannot be used (the next stale read tries again), or freshened.
					return;
				}
				Long limit = exchange.bodyLimit(response.status(), response.headers());
				if (limit == null) {
					return;
				}
				byte[] body = response.body().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
				if (body.length <= limit) {
					exchange.complete(new ResponseData(response.status(), response.headers(), body));
				}
			}
			catch (IOException ex) {
				exchange.originFailed();
				logger.debug("Background refresh of " + exchange.plan.key().url() + " failed", ex);
			}
		}
		finally {
			if (this.collapse == CollapseMode.REDIS) {
				releaseLease(exchange, owner);
			}
		}
	}

	/** What the store holds for the request; a failure is recorded on the exchange and reads as a miss. */
	private List<CacheEntry> lookup(Exchange exchange) {
		if (!exchange.plan.read()) {
			if (exchange.plan.write()) {
				exchange.generation = generation(exchange);
			}
			return List.of();
		}
		try {
			Lookup found = timed(StoreOperation.GET, () -> this.store.lookup(exchange.plan.key()));
			exchange.generation = found.generation();
			exchange.near = found.near();
			return found.entries();
		}
		catch (CacheStoreException ex) {
			exchange.generation = CacheStore.UNKNOWN_GENERATION;
			exchange.storeFailed(ex);
			return List.of();
		}
	}

	/** A second look while collapsing; a failure reads as nothing found and the request fetches its own. */
	private List<CacheEntry> reread(Exchange exchange) {
		try {
			Lookup found = timed(StoreOperation.GET, () -> this.store.lookup(exchange.plan.key()));
			exchange.generation = found.generation();
			exchange.near = found.near();
			return found.entries();
		}
		catch (CacheStoreException ex) {
			exchange.generation = CacheStore.UNKNOWN_GENERATION;
			logStoreFailure("read", ex);
			return List.of();
		}
	}

	/**
	 * The flight a request may join: its request key at the URL's generation it read and at this engine's
	 * invalidation epoch, so that a request that began after an invalidation never waits for, and is
	 * answered by, a fetch begun before it.
	 */
	static String withGeneration(String flight, Exchange exchange) {
		// The local epoch covers what the generation cannot: stores without one, and a lookup that failed.
		return flight + "@" + exchange.generation + "." + exchange.epoch;
	}

	/** The URL's generation for a request that writes without reading; unknown (no check) if the store fails. */
	private long generation(Exchange exchange) {
		try {
			return timed(StoreOperation.GET, () -> this.store.generation(exchange.plan.key().urlKey()));
		}
		catch (CacheStoreException ex) {
			return CacheStore.UNKNOWN_GENERATION;
		}
	}

	/** The leader's result, or {@code null} once the collapse timeout has passed. */
	private @Nullable LeaderResult awaitLeader(CompletableFuture<@Nullable LeaderResult> leader) {
		try {
			return leader.get(this.collapseTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/** Takes the request key's lease; a store failure counts as taken, so the request goes ahead. */
	private boolean tryLease(Exchange exchange, String owner) {
		try {
			return this.store.tryLease(exchange.plan.key(), owner, this.collapseTimeout);
		}
		catch (RuntimeException ex) {
			logger.debug("Cache store lease failed; fetching without it", ex);
			return true;
		}
	}

	private void releaseLease(Exchange exchange, String owner) {
		try {
			this.store.releaseLease(exchange.plan.key(), owner);
		}
		catch (RuntimeException ex) {
			// the lease runs out by itself
			logger.debug("Cache store lease release failed", ex);
		}
	}

	/** A lease owner unique to one fetch, made without touching a random source (the reactive path must not block). */
	String leaseOwner() {
		return this.instanceId + ":" + this.leases.incrementAndGet();
	}

	private static boolean pause(long millis) {
		try {
			Thread.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * After the origin answered: evicts what {@code HttpCacheRequest.invalidates(...)} asked for, when
	 * the core says the request succeeded. Blocking (it walks the stored URLs); the reactive flow runs
	 * it off the event loop. A failure is logged, never thrown.
	 */
	void evictRequested(CacheRequest request, int status) {
		for (String glob : this.policy.requestedInvalidations(request, status)) {
			try {
				evictMatching(glob);
			}
			catch (IllegalArgumentException ex) {
				logger.warn("HttpCacheRequest.invalidates(\"" + glob + "\") is not a URL glob; nothing evicted: "
						+ ex.getMessage());
			}
			catch (RuntimeException ex) {
				logger.debug("Evicting " + glob + " failed; continuing without the cache", ex);
			}
		}
	}

	/**
	 * Evicts every URL whose stored entries' URL matches the glob; walks the store's URLs in batches
	 * ({@link CacheStore#forEachUrlKey}).
	 * @param glob a URL glob in the {@code urls-expire-after} syntax
	 * @return how many URLs were evicted
	 * @throws IllegalArgumentException for a malformed glob
	 * @throws UnsupportedOperationException when the store cannot list its URLs
	 */
	public int evictMatching(String glob) {
		UrlMatcher matcher = this.globs.apply(glob);
		List<String> matching = new java.util.ArrayList<>();
		this.store.forEachUrlKey((urlKey) -> {
			List<CacheEntry> entries = this.store.entriesForUrl(urlKey);
			if (entries.stream().anyMatch((entry) -> matches(matcher, entry.url()))) {
				matching.add(urlKey);
			}
		});
		for (String urlKey : matching) {
			timed(StoreOperation.DELETE, () -> {
				this.store.evictUrl(urlKey);
				return null;
			});
		}
		return matching.size();
	}

	private static boolean matches(UrlMatcher matcher, String url) {
		try {
			return matcher.matches(URI.create(url));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** Without a glob reader: a glob matches its URL only, as typed. */
	private static UrlMatcher exactUrl(String glob) {
		URI expected = URI.create(glob.contains("://") ? glob : "http://" + glob);
		return (uri) -> uri.getHost() != null && uri.getHost().equalsIgnoreCase(expected.getHost())
				&& java.util.Objects.equals(uri.getRawPath(), expected.getRawPath());
	}

	/** Stops background refreshes. */
	@Override
	public void close() {
		this.refresher.close();
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
	boolean write(CacheKey key, CacheEntry entry, long generation) {
		if (generation == CacheStore.UNKNOWN_GENERATION) {
			// The read failed, so an invalidation may have passed unseen: what was fetched is not stored.
			return false;
		}
		try {
			// Refused (false) when the URL was invalidated after this request read the store.
			return timed(StoreOperation.PUT, () -> this.store.put(key, entry, generation));
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

		/** How many invalidations this engine had made when the request began. */
		final long epoch = HttpCacheEngine.this.invalidations.get();

		@Nullable CacheDecision decision;

		boolean storeFailed;

		List<CacheEntry> alsoFreshened = List.of();

		boolean reported;

		/** A background refresh: it reports revalidations, never a request. */
		boolean background;

		/** The stale entry was served under {@code stale-while-revalidate} and is to be refreshed. */
		boolean refreshInBackground;

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
					yield policy.answer(this.request, entry, now, nearDetail(status().hit().ttl(entry.timeToLive(now))));
				}
				case SERVE_STALE -> {
					CacheEntry entry = this.decision.entry();
					report(CacheOutcome.STALE);
					yield policy.answer(this.request, entry, now, nearDetail(status().hit().ttl(entry.timeToLive(now))));
				}
				case GATEWAY_TIMEOUT -> {
					report(CacheOutcome.MISS);
					yield policy.gatewayTimeout(status().detail("only-if-cached").toString());
				}
				case REVALIDATE, FETCH -> {
					CacheEntry entry = this.decision.entry();
					if (entry != null && !this.request.options().refresh()
							&& HttpCacheEngine.this.stale.mayServeWhileRevalidating(this.request, entry, now)) {
						// RFC 5861 §3: answer with the stale entry now, revalidate it in the background.
						this.refreshInBackground = true;
						report(CacheOutcome.STALE);
						yield policy.answer(this.request, entry, now, status().hit()
							.ttl(entry.timeToLive(now))
							.detail("stale-while-revalidate")
							.toString());
					}
					yield null;
				}
			};
		}

		/** Whether the stale answer just given must be refreshed in the background ({@code stale-while-revalidate}). */
		public boolean refreshesInBackground() {
			return this.refreshInBackground;
		}

		/**
		 * The key under which concurrent requests that need the origin are collapsed into one call, or
		 * {@code null} when this one is not collapsed (collapsing off, or the cache is not both read and
		 * written for it). The request key holds the method, URL, credentials and {@code match-headers},
		 * so requests with different credentials never share a flight.
		 */
		public @Nullable String collapseKey() {
			if (HttpCacheEngine.this.collapse == CollapseMode.OFF || !this.plan.read() || !this.plan.write()) {
				return null;
			}
			return this.plan.key().requestKey();
		}

		/**
		 * For a collapsed request: the answer from what the request it waited for stored, or {@code null}
		 * when that does not answer this request, by the same decision a lookup takes (its {@code Vary}
		 * selection differs, nothing was stored, or it is not fresh for this request). Then the request
		 * goes to the origin with the decision it already has.
		 */
		public @Nullable ResponseData followed(@Nullable LeaderResult leader) {
			if (leader == null) {
				return null;
			}
			if (leader.entry() != null) {
				return followed(List.of(leader.entry()));
			}
			if (leader.originFailure() != null) {
				// The origin just failed the leader: answer stale if stale-if-error allows, rather than
				// sending it one more request (RFC 5861 §4).
				return serveStaleOnError(leader.originFailure());
			}
			return null;
		}

		/** As {@link #followed(LeaderResult)}, for entries read again from the store. */
		public @Nullable ResponseData followed(List<CacheEntry> stored) {
			if (stored.isEmpty()) {
				return null;
			}
			Instant now = HttpCacheEngine.this.clock.instant();
			CacheDecision shared = HttpCacheEngine.this.policy.decide(this.request, stored, now);
			CacheEntry entry = shared.entry();
			if (shared.action() != CacheAction.SERVE || entry == null) {
				return null;
			}
			this.shared = entry;
			report(CacheOutcome.HIT);
			return HttpCacheEngine.this.policy.answer(this.request, entry, now,
					status().hit().ttl(entry.timeToLive(now)).detail("collapsed").toString());
		}

		/** What this exchange leaves for the requests collapsed onto it. */
		public LeaderResult leaderResult() {
			return new LeaderResult(this.shared, (this.shared != null) ? null : this.originFailure);
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
			for (URI target : HttpCacheEngine.this.policy.invalidationTargets(this.request, status, headers)) {
				if (logger.isDebugEnabled()) {
					logger.debug(this.request.method() + " " + this.plan.key().url() + ": invalidating "
							+ HttpCacheEngine.this.policy.keys().normalizeUrl(target));
				}
				urlKeys.add(HttpCacheEngine.this.policy.keys().urlKey(target));
			}
			if (!urlKeys.isEmpty()) {
				// Requests that begin from now on collapse only with each other (see withGeneration).
				HttpCacheEngine.this.invalidations.incrementAndGet();
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
				write(this.plan.key(), entry, this.generation);
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
				write(this.plan.key(), other, this.generation);
			}
			CacheEntry entry = entryToWrite(freshened);
			return revalidated(freshened, entry != null && write(this.plan.key(), entry, this.generation));
		}

		/**
		 * First half of {@link #notModified}, for flows that write on their own: when the origin answered
		 * 304 to our revalidation, the freshened entry; else {@code null}. Reports the revalidation.
		 */
		public CachePolicy.@Nullable Storing freshened(int status, Headers headers) {
			CacheDecision decision = decision();
			if (!revalidates()) {
				return null;
			}
			if (status != 304 || decision.action() != CacheAction.REVALIDATE) {
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
				// A variant other than the answered one keeps its Vary values only if the 304 keeps Vary.
				CachePolicy.Storing storing = entry.equals(answered)
						? HttpCacheEngine.this.policy.freshen(this.request, entry, headers, this.requestTime,
								this.responseTime)
						: HttpCacheEngine.this.policy.freshenOther(this.request, entry, headers, this.requestTime,
								this.responseTime);
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
			if (answeredStoring != null && answeredStoring.write()) {
				// Handed to the requests collapsed onto this one.
				this.shared = answeredStoring.entry();
			}
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
			return completed(response, entry != null && write(this.plan.key(), entry, this.generation));
		}

		/** First half of {@link #complete}, for flows that write on their own: what to store, if anything. */
		public CachePolicy.Storing storing(ResponseData response) {
			CachePolicy.Storing storing = HttpCacheEngine.this.policy.toStore(this.request, this.plan.key(), response,
					this.requestTime, this.responseTime);
			if (storing.entry() != null && storing.write()) {
				// Handed to the requests collapsed onto this one, even if the write fails: it may be reused.
				this.shared = storing.entry();
			}
			return storing;
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
			if (this.originFailure == null) {
				this.originFailure = 0;
			}
			if (revalidates()) {
				HttpCacheEngine.this.listener.onRevalidation(RevalidationOutcome.ERROR);
			}
			report(CacheOutcome.ERROR);
		}

		/**
		 * RFC 5861 §4 {@code stale-if-error}: when the origin failed (a network error or a timeout, given as
		 * a {@code null} status, or a 5xx status), the stale entry to answer with instead, if the window
		 * allows it and the entry need not be revalidated ({@code must-revalidate}); else {@code null} and the
		 * error stands. {@code Cache-Status} says the request went forward for a stale entry, what the
		 * origin answered (no {@code fwd-status} when it did not answer), and why the stale entry was used:
		 * {@code http-cache; fwd=stale; fwd-status=503; ttl=-12; detail=stale-if-error}.
		 */
		public @Nullable ResponseData staleOnError(@Nullable Integer status) {
			if (status != null && status < 500) {
				return null;
			}
			this.originFailure = (status != null) ? status : 0;
			if (this.background) {
				return null;
			}
			ResponseData stale = serveStaleOnError(this.originFailure);
			if (stale != null && revalidates()) {
				HttpCacheEngine.this.listener.onRevalidation(RevalidationOutcome.ERROR);
			}
			return stale;
		}

		/** The stale entry as the answer to a failed origin, {@code failure} 0 when it did not answer. */
		private @Nullable ResponseData serveStaleOnError(int failure) {
			CacheEntry entry = decision().entry();
			Instant now = HttpCacheEngine.this.clock.instant();
			if (entry == null || !HttpCacheEngine.this.stale.mayServeOnError(this.request, entry, now)) {
				return null;
			}
			report(CacheOutcome.STALE);
			CacheStatus cacheStatus = status().fwd("stale");
			if (failure != 0) {
				cacheStatus.fwdStatus(failure);
			}
			cacheStatus.ttl(entry.timeToLive(now)).detail("stale-if-error");
			return HttpCacheEngine.this.policy.answer(this.request, entry, now, cacheStatus.toString());
		}

		/**
		 * Turns this exchange into the background refresh of a stale entry: a conditional request when the
		 * entry has a validator (RFC 9111 §4.3.1), else a plain one. Its steps report revalidations only.
		 */
		public void refreshing(CacheEntry entry) {
			this.background = true;
			this.decision = entry.hasValidator()
					? new CacheDecision(CacheAction.REVALIDATE, entry,
							ConditionalRequests.conditionalHeaders(this.request.headers(), entry), "stale",
							"stale-while-revalidate refresh")
					: new CacheDecision(CacheAction.FETCH, entry, this.request.headers(), "stale",
							"stale-while-revalidate refresh, no validator");
		}

		/** A background refresh answered with a 5xx: it counts as a failed revalidation and stores nothing. */
		public boolean refreshFailed(int status) {
			if (status < 500) {
				return false;
			}
			HttpCacheEngine.this.listener.onRevalidation(RevalidationOutcome.ERROR);
			return true;
		}

		/** Whether the origin call validates a stored entry: a conditional request, or any background refresh. */
		private boolean revalidates() {
			return decision().action() == CacheAction.REVALIDATE || this.background;
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

		/** A hit the near tier answered says so ({@code detail=near}); otherwise the status as it is. */
		private String nearDetail(CacheStatus hit) {
			return (this.near ? hit.detail("near") : hit).toString();
		}

		private CacheStatus status() {
			return CacheStatus.of(HttpCacheEngine.this.policy.settings().cacheName());
		}

		private void report(CacheOutcome outcome) {
			if (!this.reported && !this.background) {
				this.reported = true;
				HttpCacheEngine.this.listener.onRequest(outcome);
			}
		}

	}

	/**
	 * What a request that fetched for others (collapsed onto it) leaves them.
	 *
	 * @param entry the entry it stored or answered with, which they use if it answers them
	 * @param originFailure when it has no entry and the origin failed: the 5xx status, or 0 when the
	 * origin did not answer; those with a stale entry that {@code stale-if-error} allows answer with it
	 */
	public record LeaderResult(@Nullable CacheEntry entry, @Nullable Integer originFailure) {
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
