package io.github.httpcache.internal.store;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;

/**
 * Logs store failures at a sane rate: the first failure of a burst as a warning, then at most one
 * warning per interval saying how many were left out in between; the others go to debug level, with
 * their stack traces. A dead Redis under load thus writes a line a minute, not a line a request.
 * Thread-safe.
 */
public final class StoreFailureLog {

	/** How often a continuing failure is logged at warning level by default. */
	public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

	private final Log logger;

	private final long intervalNanos;

	private final LongSupplier nanoTime;

	private boolean warned;

	private long lastWarning;

	private long suppressed;

	public StoreFailureLog(Log logger) {
		this(logger, DEFAULT_INTERVAL, System::nanoTime);
	}

	public StoreFailureLog(Log logger, Duration interval, LongSupplier nanoTime) {
		this.logger = logger;
		this.intervalNanos = interval.toNanos();
		this.nanoTime = nanoTime;
	}

	/**
	 * Records a failure.
	 * @param message what failed and what happens instead, e.g. "Cache store read failed; continuing
	 * without the cache"
	 * @param ex the failure
	 */
	public void failed(String message, Throwable ex) {
		long suppressedBefore;
		synchronized (this) {
			long now = this.nanoTime.getAsLong();
			if (this.warned && now - this.lastWarning < this.intervalNanos) {
				this.suppressed++;
				suppressedBefore = -1;
			}
			else {
				suppressedBefore = this.suppressed;
				this.suppressed = 0;
				this.warned = true;
				this.lastWarning = now;
			}
		}
		if (suppressedBefore < 0) {
			if (this.logger.isDebugEnabled()) {
				this.logger.debug(message, ex);
			}
			return;
		}
		String text = message + ": " + describe(ex)
				+ ((suppressedBefore > 0) ? " (" + suppressedBefore + " similar failures not logged since the last warning)" : "");
		if (this.logger.isDebugEnabled()) {
			this.logger.warn(text, ex);
		}
		else {
			this.logger.warn(text);
		}
	}

	/** How many failures were left out since the last warning. */
	public synchronized long suppressed() {
		return this.suppressed;
	}

	private static String describe(Throwable ex) {
		StringBuilder text = new StringBuilder(String.valueOf(ex.getMessage()));
		Throwable cause = ex.getCause();
		if (cause != null && cause != ex && cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
			text.append(" (").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage()).append(')');
		}
		return text.toString();
	}

}
