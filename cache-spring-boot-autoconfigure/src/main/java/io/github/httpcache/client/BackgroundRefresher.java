package io.github.httpcache.client;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs {@code stale-while-revalidate} refreshes on the blocking path: at most one per key at a time,
 * at most {@code capacity} at once (virtual threads where the JVM has them); a refresh that finds them
 * all taken is skipped, and the stale entry stays as it was.
 * <p>
 * Every refresh has a deadline: past it the refresh is interrupted and its place given back, so an
 * origin that hangs costs the refreshes of its own keys, never those of the whole process.
 * <p>
 * The reactive path runs its refreshes as subscriptions of their own, bounded by the same deadline,
 * and only takes part in the bookkeeping ({@link #begin}, {@link #end}).
 */
final class BackgroundRefresher implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(BackgroundRefresher.class);

	/** How long a background refresh may take before it is given up. */
	static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

	private final Set<String> running = ConcurrentHashMap.newKeySet();

	private final Semaphore places;

	private final ExecutorService executor;

	private final ScheduledExecutorService deadlines;

	private final int capacity;

	private final Duration deadline;

	BackgroundRefresher(int threads, int queueCapacity) {
		this(threads + queueCapacity, DEFAULT_DEADLINE);
	}

	BackgroundRefresher(int capacity, Duration deadline) {
		this.capacity = capacity;
		this.deadline = deadline;
		this.places = new Semaphore(capacity);
		// One thread per refresh, bounded by the places: a refresh given up but still stuck holds a
		// thread, never a place.
		this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				threadFactory());
		this.deadlines = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "http-cache-refresh-deadline");
			thread.setDaemon(true);
			return thread;
		});
	}

	Duration deadline() {
		return this.deadline;
	}

	/** Starts a refresh for the key unless one is already running; returns whether it started. */
	boolean refresh(String key, Runnable refresh) {
		if (!begin(key)) {
			return false;
		}
		AtomicBoolean ended = new AtomicBoolean();
		Runnable end = () -> {
			if (ended.compareAndSet(false, true)) {
				end(key);
			}
		};
		try {
			Future<?> running = this.executor.submit(() -> {
				try {
					refresh.run();
				}
				catch (RuntimeException ex) {
					logger.debug("Background refresh failed; the stale entry stays as it was", ex);
				}
				finally {
					end.run();
				}
			});
			this.deadlines.schedule(() -> {
				if (!ended.get()) {
					logger.debug("Background refresh of " + key + " passed its deadline of " + this.deadline
							+ "; giving it up");
					running.cancel(true);
					end.run();
				}
			}, this.deadline.toNanos(), TimeUnit.NANOSECONDS);
			return true;
		}
		catch (RejectedExecutionException ex) {
			end.run();
			logger.debug("Background refresh could not start; skipping this refresh");
			return false;
		}
	}

	/**
	 * Claims the key unless a refresh of it is running or {@code capacity} refreshes are; the caller
	 * then calls {@link #end} exactly once when it is done.
	 */
	boolean begin(String key) {
		if (!this.places.tryAcquire()) {
			logger.debug("Too many background refreshes running; skipping this refresh");
			return false;
		}
		if (!this.running.add(key)) {
			this.places.release();
			return false;
		}
		return true;
	}

	void end(String key) {
		if (this.running.remove(key)) {
			this.places.release();
		}
	}

	boolean isRefreshing(String key) {
		return this.running.contains(key);
	}

	@Override
	public void close() {
		this.deadlines.shutdownNow();
		this.executor.shutdownNow();
	}

	/** Virtual threads on Java 21 and later (looked up reflectively: we compile for 17), else daemon threads. */
	private static ThreadFactory threadFactory() {
		try {
			Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
			Class<?> builderType = Class.forName("java.lang.Thread$Builder");
			builder = builderType.getMethod("name", String.class, long.class).invoke(builder, "http-cache-refresh-", 0L);
			return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			AtomicInteger count = new AtomicInteger();
			ThreadFactory defaults = Executors.defaultThreadFactory();
			return (runnable) -> {
				Thread thread = defaults.newThread(runnable);
				thread.setName("http-cache-refresh-" + count.getAndIncrement());
				thread.setDaemon(true);
				return thread;
			};
		}
	}

}
