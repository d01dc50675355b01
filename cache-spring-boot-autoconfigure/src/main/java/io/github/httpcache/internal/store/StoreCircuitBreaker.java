package io.github.httpcache.internal.store;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Decides whether a store call may be attempted, so that a dead or hung store costs the application
 * a few bounded failures and then nothing. After {@code failureThreshold} consecutive failures the
 * breaker opens: calls are skipped at once for {@code coolDown}; then one call is let through as a
 * probe, and its success closes the breaker while its failure opens it for another cool-down.
 * <p>
 * Callers ask {@link #tryAcquire()} before a call and report exactly one of {@link #onSuccess()} or
 * {@link #onFailure()} after every acquired call; blocking and reactive stores share it. Thread-safe.
 */
public final class StoreCircuitBreaker {

	/** The breaker's states. */
	public enum State {

		/** Calls go through. */
		CLOSED,

		/** Calls are skipped until the cool-down ends. */
		OPEN,

		/** One probe call is in flight; others are skipped until it reports. */
		HALF_OPEN

	}

	private final int failureThreshold;

	private final long coolDownNanos;

	private final LongSupplier nanoTime;

	private State state = State.CLOSED;

	private int consecutiveFailures;

	private long openedAt;

	public StoreCircuitBreaker(int failureThreshold, Duration coolDown) {
		this(failureThreshold, coolDown, System::nanoTime);
	}

	/**
	 * A breaker with its own time source, for tests.
	 * @param failureThreshold consecutive failures that open the breaker
	 * @param coolDown how long an open breaker skips calls before it probes
	 * @param nanoTime a monotonic time source in nanoseconds
	 */
	public StoreCircuitBreaker(int failureThreshold, Duration coolDown, LongSupplier nanoTime) {
		if (failureThreshold < 1) {
			throw new IllegalArgumentException("'failureThreshold' must be at least 1");
		}
		if (coolDown.isNegative()) {
			throw new IllegalArgumentException("'coolDown' must not be negative");
		}
		this.failureThreshold = failureThreshold;
		this.coolDownNanos = coolDown.toNanos();
		this.nanoTime = nanoTime;
	}

	/** Whether a call may go to the store now; {@code true} obliges the caller to report its result. */
	public synchronized boolean tryAcquire() {
		return switch (this.state) {
			case CLOSED -> true;
			case HALF_OPEN -> false;
			case OPEN -> {
				if (this.nanoTime.getAsLong() - this.openedAt < this.coolDownNanos) {
					yield false;
				}
				this.state = State.HALF_OPEN;
				yield true;
			}
		};
	}

	/** An acquired call succeeded: the store answers, so calls go through again. */
	public synchronized void onSuccess() {
		this.consecutiveFailures = 0;
		this.state = State.CLOSED;
	}

	/** An acquired call failed or timed out. */
	public synchronized void onFailure() {
		this.consecutiveFailures++;
		if (this.state == State.HALF_OPEN || this.consecutiveFailures >= this.failureThreshold) {
			this.state = State.OPEN;
			this.openedAt = this.nanoTime.getAsLong();
		}
	}

	public synchronized State state() {
		return this.state;
	}

}
