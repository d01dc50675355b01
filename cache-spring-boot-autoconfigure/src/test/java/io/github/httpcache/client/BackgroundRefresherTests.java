package io.github.httpcache.client;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Background refreshes have a deadline: one stuck on an origin that never answers is interrupted
 * and gives its place back, so stale-while-revalidate goes on for every other key.
 */
@Tag("wall-clock")
@Timeout(30)
class BackgroundRefresherTests {

	@Test
	void refreshPastItsDeadlineIsInterruptedAndFreesItsPlace() throws Exception {
		try (BackgroundRefresher refresher = new BackgroundRefresher(1, Duration.ofMillis(200))) {
			CountDownLatch interrupted = new CountDownLatch(1);
			assertThat(refresher.refresh("hung", () -> {
				try {
					// An origin that never answers.
					new CountDownLatch(1).await();
				}
				catch (InterruptedException ex) {
					interrupted.countDown();
				}
			})).isTrue();
			assertThat(refresher.refresh("other", () -> {
			})).as("the only place is taken").isFalse();
			assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the hung refresh was interrupted").isTrue();
			CountDownLatch ran = new CountDownLatch(1);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			boolean started = false;
			while (!started && System.nanoTime() < deadline) {
				started = refresher.refresh("other", ran::countDown);
				if (!started) {
					TimeUnit.MILLISECONDS.sleep(10);
				}
			}
			assertThat(started).isTrue();
			assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void refreshThatIgnoresInterruptsStillFreesItsPlaceAtTheDeadline() throws Exception {
		try (BackgroundRefresher refresher = new BackgroundRefresher(1, Duration.ofMillis(100))) {
			CountDownLatch release = new CountDownLatch(1);
			refresher.refresh("stubborn", () -> {
				while (release.getCount() > 0) {
					try {
						release.await();
					}
					catch (InterruptedException ex) {
						// a client stuck in a read that interrupts do not reach
					}
				}
			});
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (refresher.isRefreshing("stubborn") && System.nanoTime() < deadline) {
				TimeUnit.MILLISECONDS.sleep(10);
			}
			assertThat(refresher.isRefreshing("stubborn")).isFalse();
			CountDownLatch ran = new CountDownLatch(1);
			assertThat(refresher.refresh("next", ran::countDown)).isTrue();
			assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
			release.countDown();
		}
	}

}
