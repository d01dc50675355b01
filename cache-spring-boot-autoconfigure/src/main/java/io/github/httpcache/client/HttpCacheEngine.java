package io.github.httpcache.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.httpcache.client.HttpCacheListener.StoreOperation;
import io.github.httpcache.client.HttpCacheListener.StoreOutcome;
import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;
import io.github.httpcache.core.ResponseData;
import io.github.httpcache.internal.core.CachePolicy;
import io.github.httpcache.internal.core.StalePolicy;
import io.github.httpcache.internal.core.UrlMatcher;
import io.github.httpcache.internal.store.StoreFailureLog;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.CacheStoreException;

/**
 * The cache as the client adapters share it: its policy, store, clock, listeners and collapsing, and
 * the blocking side of the one request flow ({@link CacheFlow}), which runs on the caller's thread.
 * The decisions are the core's ({@link CachePolicy} before the response,
 * {@link io.github.httpcache.internal.core.AfterResponse} after it); the flow only carries them out, and turns
 * every store failure into a miss so a cache problem never fails a request.
 * <p>
 * Built by auto-configuration; applications reach it only to construct the adapters
 * ({@link CachingClientHttpRequestInterceptor}, {@link CachingExchangeFilterFunction}) by hand. The type
 * is API as the bean those are built from; its own constructors and methods are not (they take and
 * return types of {@code io.github.httpcache.internal}) and may change without notice.
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

	private final CacheFlow<InputStream> flow;

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
		this.flow = new CacheFlow<>(this, StoreView.of(store), new BlockingEdge());
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

	StalePolicy stalePolicy() {
		return this.stale;
	}

	/** How many invalidations this engine has made. */
	long invalidations() {
		return this.invalidations.get();
	}

	/** An invalidation was made: requests that begin from now on collapse only with each other. */
	void invalidated() {
		this.invalidations.incrementAndGet();
	}

	/**
	 * Runs the request through the flow ({@link CacheFlow}) on the caller's thread: the store is called
	 * and the origin sent to there, and the answer is complete when this returns.
	 */
	Response execute(CacheRequest request, Origin origin) throws IOException {
		CompletableFuture<CacheFlow.Response<InputStream>> flowed = this.flow.execute(request, (requestHeaders) -> {
			try {
				OriginResponse response = origin.send(requestHeaders);
				return CompletableFuture.completedFuture(
						new CacheFlow.OriginResponse<>(response.status(), response.headers(), new StreamBody(response.body(), response),
								response));
			}
			catch (IOException | RuntimeException ex) {
				return CompletableFuture.failedFuture(ex);
			}
		});
		CacheFlow.Response<InputStream> response;
		try {
			response = join(flowed);
		}
		catch (IOException | RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IOException(ex);
		}
		if (response.data() != null) {
			return Response.of(response.data());
		}
		CacheFlow.Body<InputStream> body = response.body();
		java.io.Closeable closer = (response.source() instanceof java.io.Closeable closeable) ? closeable : () -> {
		};
		return new Response(response.status(), response.headers(),
				(body != null) ? body.stream() : new ByteArrayInputStream(new byte[0]), closer);
	}

	/** The flow's result on the caller's thread, its failure as thrown. */
	private static <T> T join(CompletableFuture<T> future) throws Throwable {
		try {
			return future.get();
		}
		catch (ExecutionException ex) {
			throw CacheFlow.unwrap(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while waiting for the HTTP cache", ex);
		}
	}

	/**
	 * The blocking clients' side of the flow: every stage completes on the caller's thread (a collapsed
	 * request waits there for its leader, a lease poll sleeps there), and a background refresh runs on
	 * the {@link BackgroundRefresher}'s threads.
	 */
	private final class BlockingEdge implements CacheFlow.Edge {

		@Override
		public <T> CompletionStage<@Nullable T> await(CompletableFuture<@Nullable T> leader, Duration timeout) {
			try {
				return CompletableFuture.completedFuture(leader.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
			}
			catch (TimeoutException | ExecutionException ex) {
				return CompletableFuture.completedFuture(null);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return CompletableFuture.completedFuture(null);
			}
		}

		@Override
		public CompletionStage<Boolean> pause(long millis) {
			try {
				Thread.sleep(millis);
				return CompletableFuture.completedFuture(true);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return CompletableFuture.completedFuture(false);
			}
		}

		@Override
		public CompletionStage<@Nullable Void> offload(Runnable work) {
			work.run();
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public void background(String key, Supplier<CompletionStage<@Nullable Void>> refresh) {
			HttpCacheEngine.this.refresher.refresh(key, () -> refresh.get().toCompletableFuture().join());
		}

	}

	/** A blocking body: read on the caller's thread, closed with the origin's response. */
	private static final class StreamBody implements CacheFlow.Body<InputStream> {

		private final InputStream stream;

		private final OriginResponse response;

		StreamBody(InputStream stream, OriginResponse response) {
			this.stream = stream;
			this.response = response;
		}

		@Override
		public CompletionStage<CacheFlow.BodyRead<InputStream>> read(long limit) {
			byte[] head;
			try {
				head = this.stream.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
			}
			catch (IOException | RuntimeException ex) {
				// The origin failed mid-body (some clients signal it unchecked): free its connection.
				this.response.close();
				return CompletableFuture.failedFuture(ex);
			}
			if (head.length > limit) {
				// Too large to store: hand the caller what was read followed by the rest, untouched.
				return CompletableFuture.completedFuture(new CacheFlow.BodyRead<>(null,
						new StreamBody(new SequenceInputStream(new ByteArrayInputStream(head), this.stream), this.response)));
			}
			this.response.close();
			return CompletableFuture.completedFuture(new CacheFlow.BodyRead<>(head, null));
		}

		@Override
		public CompletionStage<@Nullable Void> discard() {
			this.response.close();
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public InputStream stream() {
			return this.stream;
		}

	}

	/** A lease owner unique to one fetch, made without touching a random source (the reactive path must not block). */
	String leaseOwner() {
		return this.instanceId + ":" + this.leases.incrementAndGet();
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

	/** Logs a store failure: a warning for the first of a burst and then one a minute, the rest at debug. */
	static void logStoreFailure(String what, CacheStoreException ex) {
		failureLog.failed("Cache store " + what + " failed; continuing without the cache", ex);
	}

	/**
	 * What a request that fetched for others (collapsed onto it) leaves them.
	 *
	 * @param entry the entry it stored or answered with, which they use if it answers them
	 * @param originFailure when it has no entry and the origin failed: the 5xx status, or 0 when the
	 * origin did not answer; those with a stale entry that {@code stale-if-error} allows answer with it
	 */
	record LeaderResult(@Nullable CacheEntry entry, @Nullable Integer originFailure) {
	}

	/** Sends the request to the origin with the given headers. */
	@FunctionalInterface
	interface Origin {

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
	record OriginResponse(int status, Headers headers, InputStream body, java.io.Closeable closer)
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
	record Response(int status, Headers headers, InputStream body, java.io.Closeable closer) {

		static Response of(ResponseData data) {
			return new Response(data.status(), data.headers(), new ByteArrayInputStream(data.body()), () -> {
			});
		}

	}

}
