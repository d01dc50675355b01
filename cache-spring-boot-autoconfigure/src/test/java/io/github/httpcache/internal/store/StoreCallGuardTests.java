package io.github.httpcache.internal.store;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.github.httpcache.store.CacheStoreException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The guard gives up on calls at its timeout, frees their threads and stops calling while open. */
@Tag("wall-clock")
class StoreCallGuardTests {

	private final StoreCallGuard guard = new StoreCallGuard(Duration.ofMillis(100),
			new StoreCircuitBreaker(2, Duration.ofHours(1)));

	@AfterEach
	void close() {
		this.guard.close();
	}

	@Test
	void hungCallFailsAtTheTimeoutAsATimeoutAndItsThreadIsInterrupted() throws InterruptedException {
		CountDownLatch interrupted = new CountDownLatch(1);
		long start = System.nanoTime();
		assertThatExceptionOfType(CacheStoreException.class).isThrownBy(() -> this.guard.call("get", () -> {
			try {
				Thread.sleep(60_000);
			}
			catch (InterruptedException ex) {
				interrupted.countDown();
			}
			return null;
		})).withCauseInstanceOf(TimeoutException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void administrativeCallNeverBecomesTheProbeOfAnOpenBreaker() {
		AtomicLong nanos = new AtomicLong();
		StoreCircuitBreaker breaker = new StoreCircuitBreaker(1, Duration.ofSeconds(5), nanos::get);
		try (StoreCallGuard admin = new StoreCallGuard(Duration.ofMillis(100), breaker)) {
			breaker.onFailure();
			nanos.addAndGet(Duration.ofSeconds(6).toNanos());
			AtomicBoolean reached = new AtomicBoolean();
			// A clear under its one-minute bound would hold the half-open breaker for everyone: it is refused.
			assertThatExceptionOfType(CircuitOpenException.class).isThrownBy(() -> admin.administrative("delete",
					Duration.ofMinutes(1), () -> reached.getAndSet(true)));
			assertThat(reached).isFalse();
			// The next request's call is the probe, and closes the breaker.
			assertThat(admin.call("get", () -> "ok")).isEqualTo("ok");
			assertThat(breaker.state()).isEqualTo(StoreCircuitBreaker.State.CLOSED);
			assertThat(admin.administrative("delete", Duration.ofMinutes(1), () -> "cleared")).isEqualTo("cleared");
		}
	}

	@Test
	void failureSurfacesAsCacheStoreExceptionWithItsCause() {
		assertThatExceptionOfType(CacheStoreException.class).isThrownBy(() -> this.guard.call("put", () -> {
			throw new IllegalStateException("connection refused");
		})).withMessageContaining("connection refused").withCauseInstanceOf(IllegalStateException.class);
	}

	@Test
	void afterConsecutiveFailuresCallsAreSkippedWithoutReachingTheStore() {
		AtomicInteger calls = new AtomicInteger();
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(CacheStoreException.class).isThrownBy(() -> this.guard.call("get", () -> {
				calls.incrementAndGet();
				throw new IllegalStateException("down");
			}));
		}
		AtomicBoolean reached = new AtomicBoolean();
		assertThatExceptionOfType(CircuitOpenException.class).isThrownBy(() -> this.guard.call("get", () -> {
			reached.set(true);
			return null;
		}));
		assertThat(calls).hasValue(2);
		assertThat(reached).isFalse();
	}

	@Test
	void successfulCallReturnsItsResult() {
		assertThat(this.guard.call("get", () -> "value")).isEqualTo("value");
	}

}
