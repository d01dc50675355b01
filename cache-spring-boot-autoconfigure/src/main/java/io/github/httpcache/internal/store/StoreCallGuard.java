package io.github.httpcache.internal.store;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.httpcache.store.CacheStoreException;

/**
 * Bounds blocking store calls in time and keeps them behind a {@link StoreCircuitBreaker}.
 * <p>
 * A blocking Redis client waits for its own command timeout (Spring Boot's
 * {@code spring.data.redis.timeout}, 60 seconds unless set), and for a connection to be made, before it
 * gives up; the cache must give up far sooner without changing the application's Redis settings. So
 * each call runs on a small pool of the guard's own threads while the caller waits at most
 * {@code timeout}; past it the call is cancelled (its thread interrupted, which frees it from the
 * client's wait), counted as a failure by the breaker and reported as a {@link CacheStoreException}
 * whose cause is a {@link TimeoutException}. While the breaker is open calls fail at once with
 * {@link CircuitOpenException}, without touching the store.
 * <p>
 * A store that can wait on its client's own futures (Lettuce's) bounds them on the caller's thread
 * instead, through {@link #onCallerThread}, and needs the threads only to connect and for background
 * work. Reactive stores need no threads to bound a call ({@code Mono.timeout}) and use the breaker directly.
 */
public final class StoreCallGuard implements AutoCloseable {

	/** Default bound on a store call, as {@code http.cache.redis.timeout}. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(250);

	/** Default consecutive failures that open the breaker. */
	public static final int DEFAULT_FAILURE_THRESHOLD = 3;

	/** Default time an open breaker skips the store before probing it. */
	public static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(5);

	private static final int THREADS = 16;

	private static final int QUEUE = 1024;

	private static final AtomicInteger guards = new AtomicInteger();

	private final Duration timeout;

	private final StoreCircuitBreaker breaker;

	private final ThreadPoolExecutor executor;

	/** A guard with the default timeout, failure threshold and cool-down. */
	public StoreCallGuard() {
		this(DEFAULT_TIMEOUT, new StoreCircuitBreaker(DEFAULT_FAILURE_THRESHOLD, DEFAULT_COOL_DOWN));
	}

	public StoreCallGuard(Duration timeout, StoreCircuitBreaker breaker) {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("'timeout' must be positive");
		}
		this.timeout = timeout;
		this.breaker = breaker;
		int guard = guards.incrementAndGet();
		AtomicInteger threads = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE),
				(runnable) -> {
					Thread thread = new Thread(runnable, "http-cache-store-" + guard + "-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.executor.allowCoreThreadTimeOut(true);
	}

	public Duration timeout() {
		return this.timeout;
	}

	public StoreCircuitBreaker breaker() {
		return this.breaker;
	}

	/** Runs the call within the guard's timeout. */
	public <T> T call(String operation, Callable<T> call) {
		return call(operation, this.timeout, call);
	}

	/**
	 * Runs the call within the given timeout.
	 * @param operation what the call does, for messages ("get", "put", "delete")
	 * @param timeout the longest the caller waits
	 * @param call the call
	 * @return what the call returned
	 * @throws CacheStoreException when the breaker is open, or the call failed or timed out
	 */
	public <T> T call(String operation, Duration timeout, Callable<T> call) {
		if (!this.breaker.tryAcquire()) {
			throw new CircuitOpenException("Cache store " + operation + " skipped: the store failed repeatedly and is "
					+ "not tried again until its cool-down ends");
		}
		Future<T> future;
		try {
			future = this.executor.submit(call);
		}
		catch (RejectedExecutionException ex) {
			this.breaker.onFailure();
			throw new CacheStoreException("Cache store " + operation + " rejected: too many calls waiting", ex);
		}
		try {
			T result = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
			this.breaker.onSuccess();
			return result;
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			this.breaker.onFailure();
			throw new CacheStoreException("Cache store " + operation + " timed out after " + timeout.toMillis() + "ms", ex);
		}
		catch (ExecutionException ex) {
			this.breaker.onFailure();
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof CacheStoreException storeException) {
				throw storeException;
			}
			throw new CacheStoreException("Cache store " + operation + " failed: " + cause.getMessage(), cause);
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			this.breaker.onFailure();
			Thread.currentThread().interrupt();
			throw new CacheStoreException("Cache store " + operation + " interrupted", ex);
		}
	}

	/**
	 * A call that starts its own asynchronous work (Lettuce's futures) and waits for it on the caller's
	 * thread until {@code deadline} ({@link System#nanoTime()}), cancelling what is left on timeout.
	 */
	@FunctionalInterface
	interface Awaited<T> {

		T await(long deadline) throws ExecutionException, TimeoutException, InterruptedException;

	}

	/**
	 * Runs the call on the caller's thread within the given timeout, behind the same breaker and with
	 * the same failures as {@link #call(String, Duration, Callable)}, but without a pool thread: the
	 * call bounds its own wait (a Lettuce future's {@code get(timeout)}), so nothing is handed off.
	 * @param operation what the call does, for messages
	 * @param timeout the longest the caller waits
	 * @param call the call, given its deadline
	 * @return what the call returned
	 * @throws CacheStoreException when the breaker is open, or the call failed or timed out
	 */
	<T> T onCallerThread(String operation, Duration timeout, Awaited<T> call) {
		if (!this.breaker.tryAcquire()) {
			throw new CircuitOpenException("Cache store " + operation + " skipped: the store failed repeatedly and is "
					+ "not tried again until its cool-down ends");
		}
		try {
			T result = call.await(System.nanoTime() + timeout.toNanos());
			this.breaker.onSuccess();
			return result;
		}
		catch (TimeoutException ex) {
			this.breaker.onFailure();
			throw new CacheStoreException("Cache store " + operation + " timed out after " + timeout.toMillis() + "ms", ex);
		}
		catch (ExecutionException ex) {
			this.breaker.onFailure();
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof CacheStoreException storeException) {
				throw storeException;
			}
			throw new CacheStoreException("Cache store " + operation + " failed: " + cause.getMessage(), cause);
		}
		catch (InterruptedException ex) {
			this.breaker.onFailure();
			Thread.currentThread().interrupt();
			throw new CacheStoreException("Cache store " + operation + " interrupted", ex);
		}
		catch (RuntimeException ex) {
			this.breaker.onFailure();
			if (ex instanceof CacheStoreException storeException) {
				throw storeException;
			}
			throw new CacheStoreException("Cache store " + operation + " failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Runs work on the guard's threads that a caller may wait for with its own bound (connecting).
	 * @throws RejectedExecutionException when the guard is busy or closed
	 */
	void executeInBackground(Runnable work) {
		this.executor.execute(work);
	}

	/** How many calls and jobs the guard's threads have been handed so far; for tests. */
	long backgroundTasks() {
		return this.executor.getTaskCount();
	}

	/**
	 * Runs an administrative call (the actuator endpoint's listing and clearing) within its own, longer
	 * timeout. It never becomes the breaker's probe: while the breaker is not closed it fails at once,
	 * so a call that may take a minute cannot hold every request's store use in the half-open state.
	 * It still reports its result, so a failing Redis opens the breaker as it would for requests.
	 * @param operation what the call does, for messages
	 * @param timeout the longest the caller waits
	 * @param call the call
	 * @return what the call returned
	 * @throws CacheStoreException when the breaker is not closed, or the call failed or timed out
	 */
	public <T> T administrative(String operation, Duration timeout, Callable<T> call) {
		if (this.breaker.state() != StoreCircuitBreaker.State.CLOSED) {
			throw new CircuitOpenException("Cache store " + operation + " skipped: the store failed recently; "
					+ "try again once requests use it again");
		}
		return call(operation, timeout, call);
	}

	/**
	 * Runs a call on the guard's threads without waiting for it and without involving the breaker,
	 * for work no request waits on; failures are ignored.
	 * @param call the call
	 */
	public void runInBackground(Runnable call) {
		try {
			this.executor.execute(() -> {
				try {
					call.run();
				}
				catch (RuntimeException ex) {
					// nobody waits for it; the next request's call reports the store's state
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// busy or closed: the work was optional
		}
	}

	/** Stops the guard's threads, interrupting calls still running. */
	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
