package io.github.httpcache.client;

import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs {@code stale-while-revalidate} refreshes on the blocking path: at most one per key at a time,
 * on a bounded pool (virtual threads where the JVM has them) with a bounded queue; a refresh that
 * finds the queue full is skipped, and the stale entry stays as it was.
 * <p>
 * The reactive path runs its refreshes as subscriptions of their own, and only takes part in the
 * bookkeeping ({@link #begin}, {@link #end}): one per key at a time, and no more at once than the
 * pool and its queue hold.
 */
final class BackgroundRefresher implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(BackgroundRefresher.class);

	private final Set<String> running = ConcurrentHashMap.newKeySet();

	private final ThreadPoolExecutor executor;

	private final int capacity;

	BackgroundRefresher(int threads, int queueCapacity) {
		this.capacity = threads + queueCapacity;
		this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(queueCapacity), threadFactory(), new ThreadPoolExecutor.AbortPolicy());
		this.executor.allowCoreThreadTimeOut(true);
	}

	/** Starts a refresh for the key unless one is already running; returns whether it started. */
	boolean refresh(String key, Runnable refresh) {
		if (!this.running.add(key)) {
			return false;
		}
		try {
			this.executor.execute(() -> {
				try {
					refresh.run();
				}
				catch (RuntimeException ex) {
					logger.debug("Background refresh failed; the stale entry stays as it was", ex);
				}
				finally {
					this.running.remove(key);
				}
			});
			return true;
		}
		catch (RejectedExecutionException ex) {
			this.running.remove(key);
			logger.debug("Background refresh queue is full; skipping this refresh");
			return false;
		}
	}

	/**
	 * For refreshes run elsewhere: claims the key unless a refresh of it is running or as many
	 * refreshes run as the pool and its queue hold; the caller then calls {@link #end} when it is done.
	 */
	boolean begin(String key) {
		if (this.running.size() >= this.capacity) {
			logger.debug("Too many background refreshes running; skipping this refresh");
			return false;
		}
		return this.running.add(key);
	}

	void end(String key) {
		this.running.remove(key);
	}

	boolean isRefreshing(String key) {
		return this.running.contains(key);
	}

	@Override
	public void close() {
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
