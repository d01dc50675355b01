package io.github.httpcache.internal.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.github.httpcache.internal.store.StoreCircuitBreaker.State;

import static org.assertj.core.api.Assertions.assertThat;

/** The breaker's states, on a time source the test moves. */
class StoreCircuitBreakerTests {

	private final AtomicLong now = new AtomicLong();

	private final StoreCircuitBreaker breaker = new StoreCircuitBreaker(3, Duration.ofSeconds(5), this.now::get);

	@Test
	void staysClosedUntilTheThresholdOfConsecutiveFailures() {
		fail(2);
		assertThat(this.breaker.tryAcquire()).isTrue();
		this.breaker.onSuccess();
		fail(2);
		assertThat(this.breaker.state()).isEqualTo(State.CLOSED);
		fail(1);
		assertThat(this.breaker.state()).isEqualTo(State.OPEN);
	}

	@Test
	void openBreakerSkipsCallsUntilTheCoolDownEnds() {
		fail(3);
		this.now.addAndGet(Duration.ofMillis(4999).toNanos());
		assertThat(this.breaker.tryAcquire()).isFalse();
		this.now.addAndGet(Duration.ofMillis(1).toNanos());
		assertThat(this.breaker.tryAcquire()).isTrue();
		assertThat(this.breaker.state()).isEqualTo(State.HALF_OPEN);
	}

	@Test
	void onlyOneProbeGoesThroughAfterTheCoolDown() {
		fail(3);
		this.now.addAndGet(Duration.ofSeconds(5).toNanos());
		assertThat(this.breaker.tryAcquire()).isTrue();
		assertThat(this.breaker.tryAcquire()).isFalse();
		assertThat(this.breaker.tryAcquire()).isFalse();
	}

	@Test
	void successfulProbeClosesTheBreaker() {
		fail(3);
		this.now.addAndGet(Duration.ofSeconds(5).toNanos());
		assertThat(this.breaker.tryAcquire()).isTrue();
		this.breaker.onSuccess();
		assertThat(this.breaker.state()).isEqualTo(State.CLOSED);
		assertThat(this.breaker.tryAcquire()).isTrue();
		assertThat(this.breaker.tryAcquire()).isTrue();
	}

	@Test
	void failedProbeOpensTheBreakerForAnotherCoolDown() {
		fail(3);
		this.now.addAndGet(Duration.ofSeconds(5).toNanos());
		assertThat(this.breaker.tryAcquire()).isTrue();
		this.breaker.onFailure();
		assertThat(this.breaker.state()).isEqualTo(State.OPEN);
		this.now.addAndGet(Duration.ofSeconds(4).toNanos());
		assertThat(this.breaker.tryAcquire()).isFalse();
		this.now.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(this.breaker.tryAcquire()).isTrue();
	}

	private void fail(int times) {
		for (int i = 0; i < times; i++) {
			assertThat(this.breaker.tryAcquire()).isTrue();
			this.breaker.onFailure();
		}
	}

}
