package io.github.httpcache.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SingleFlightTests {

	@Test
	void firstCallerLeadsAndLaterCallersWaitForItsResult() throws Exception {
		SingleFlight<String> flight = new SingleFlight<>();
		assertThat(flight.join("k")).isNull();
		CompletableFuture<String> follower = flight.join("k");
		assertThat(follower).isNotNull().isNotDone();
		flight.complete("k", "done");
		assertThat(follower.get(1, TimeUnit.SECONDS)).isEqualTo("done");
		assertThat(flight.size()).isZero();
		assertThat(flight.join("k")).as("a new flight after completion").isNull();
	}

	@Test
	void differentKeysDoNotCollapse() {
		SingleFlight<String> flight = new SingleFlight<>();
		assertThat(flight.join("a")).isNull();
		assertThat(flight.join("b")).isNull();
	}

	@Test
	void backgroundRefreshRunsOncePerKeyAtATime() throws Exception {
		try (BackgroundRefresher refresher = new BackgroundRefresher(2, 10)) {
			CountDownLatch release = new CountDownLatch(1);
			CountDownLatch done = new CountDownLatch(1);
			AtomicInteger runs = new AtomicInteger();
			Runnable refresh = () -> {
				runs.incrementAndGet();
				try {
					release.await(5, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				done.countDown();
			};
			assertThat(refresher.refresh("k", refresh)).isTrue();
			assertThat(refresher.refresh("k", refresh)).isFalse();
			release.countDown();
			assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(runs.get()).isEqualTo(1);
		}
	}

}
