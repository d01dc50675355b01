package io.github.httpcache.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.httpcache.HttpCacheRequest;
import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.RecordingListener;
import io.github.httpcache.test.TcpProxy;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import io.github.httpcache.test.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application keeps answering whatever Redis does. A {@link TcpProxy} between the application and
 * a real Redis makes Redis refuse connections at start, die mid-run, answer after 2 s and swallow
 * everything; through every phase each user request succeeds, a phase costs at most a timeout
 * (250 ms) for each of the first few requests and about nothing after, and caching resumes once Redis
 * is back. The added latency of each phase, against healthy misses, is printed.
 */
@Tag("wall-clock")
class RedisFailureTests {

	private static final int REQUESTS_PER_PHASE = 10;

	private static final Duration TIMEOUT = Duration.ofMillis(250);

	private static final Duration COOL_DOWN = Duration.ofSeconds(1);

	private TestOrigin origin;

	private TcpProxy proxy;

	private final RecordingListener outcomes = new RecordingListener();

	private final List<String> report = new ArrayList<>();

	@BeforeEach
	void start() {
		this.origin = TestOrigin.start().otherwise((request) -> Reply.ok("body of " + request.uri()));
		TestRedis redis = TestRedis.get();
		this.proxy = TcpProxy.to(redis.host(), redis.port());
	}

	@AfterEach
	void stop() {
		this.proxy.close();
		this.origin.close();
	}

	@Test
	void everyRequestSucceedsWhileRedisIsRefusedKilledSlowOrBlackHoled() {
		CacheContexts.withoutStore()
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.proxy.port(),
					"http.cache.redis.key-prefix=test-" + UUID.randomUUID() + ":", "http.cache.expire-after=10m",
					"http.cache.redis.timeout=" + TIMEOUT.toMillis() + "ms",
					"http.cache.redis.circuit-breaker.cool-down=" + COOL_DOWN.toMillis() + "ms")
			.withBean(HttpCacheListener.class, () -> this.outcomes)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Client client = ClientKind.REST_CLIENT.create(context);
				warmUp(client);

				Phase refused = phase(client, "refused at start");
				this.proxy.start();
				resumesCaching(client, "Redis comes up");
				Phase healthy = phase(client, "healthy (misses)");

				this.proxy.refuse();
				Phase killed = phase(client, "killed mid-run");
				this.proxy.start();
				resumesCaching(client, "Redis restarts");

				this.proxy.slow(Duration.ofSeconds(2));
				Phase slow = phase(client, "slow (answers after 2 s)");
				this.proxy.dropConnections();
				this.proxy.forward();
				resumesCaching(client, "Redis answers promptly again");

				this.proxy.blackHole();
				Phase blackHoled = phase(client, "black-holed");
				this.proxy.dropConnections();
				this.proxy.forward();
				resumesCaching(client, "Redis answers again");

				long baseline = healthy.median();
				System.out.println("Added latency per phase (against the median healthy miss, " + baseline + " ms):");
				for (Phase phase : List.of(refused, killed, slow, blackHoled)) {
					System.out.println("  " + phase.describe(baseline));
					// At most one timeout for each of the first requests, and about nothing after.
					assertThat(phase.max()).as(phase.name).isLessThan(TIMEOUT.toMillis() + 1000);
					assertThat(phase.slowerThan(TIMEOUT.toMillis() - 50)).as(phase.name)
						.isLessThanOrEqualTo(3 + phase.probes(COOL_DOWN));
				}
				this.report.forEach((line) -> System.out.println("  " + line));
			});
	}

	/** Loads the HTTP client's and origin's classes without the cache, so the first phase times Redis only. */
	private void warmUp(Client client) {
		for (int i = 0; i < 20; i++) {
			client.get(this.origin.url("/warm-up/" + i), HttpCacheRequest.bypass());
		}
	}

	/** Sends fresh requests, each a miss, and times them; every one must succeed. */
	private Phase phase(Client client, String name) {
		this.outcomes.clear();
		Phase phase = new Phase(name);
		long started = System.nanoTime();
		for (int i = 0; i < REQUESTS_PER_PHASE; i++) {
			String path = "/" + name.replace(' ', '-') + "/" + i;
			long start = System.nanoTime();
			Result result = client.get(this.origin.url(path));
			phase.latencies.add((System.nanoTime() - start) / 1_000_000);
			assertThat(result.status()).as(name).isEqualTo(200);
			assertThat(result.body()).as(name).isEqualTo("body of " + path);
		}
		phase.elapsed = Duration.ofNanos(System.nanoTime() - started);
		phase.storeOutcomes = this.outcomes.storeCallCounts();
		return phase;
	}

	/** Waits until a response is stored again, and notes how long that took. */
	private void resumesCaching(Client client, String event) {
		long start = System.nanoTime();
		for (int i = 0;; i++) {
			Result result = client.get(this.origin.url("/resume/" + UUID.randomUUID()));
			assertThat(result.status()).isEqualTo(200);
			if (result.cacheStatus().endsWith("stored")) {
				this.report.add(event + ": caching resumed after " + (System.nanoTime() - start) / 1_000_000 + " ms ("
						+ (i + 1) + " requests)");
				return;
			}
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("caching resumes after: " + event)
				.isLessThan(Duration.ofSeconds(30));
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/** The latencies of one phase's requests, in milliseconds. */
	private static final class Phase {

		final String name;

		final List<Long> latencies = new ArrayList<>();

		Duration elapsed = Duration.ZERO;

		Map<String, Long> storeOutcomes = Map.of();

		Phase(String name) {
			this.name = name;
		}

		long median() {
			List<Long> sorted = this.latencies.stream().sorted().toList();
			return sorted.get(sorted.size() / 2);
		}

		long max() {
			return this.latencies.stream().mapToLong(Long::longValue).max().orElse(0);
		}

		long slowerThan(long millis) {
			return this.latencies.stream().filter((latency) -> latency > millis).count();
		}

		/** How many probes the breaker may have let through while the phase ran. */
		long probes(Duration coolDown) {
			return this.elapsed.toMillis() / coolDown.toMillis() + 1;
		}

		String describe(long baseline) {
			long added = this.latencies.stream().mapToLong((latency) -> Math.max(0, latency - baseline)).sum();
			return String.format("%-26s %d requests, latencies %s ms; added %d ms in total, %d ms at most, "
					+ "median %+d ms; store calls %s", this.name, this.latencies.size(), this.latencies, added,
					max() - baseline, median() - baseline, this.storeOutcomes);
		}

	}

}
