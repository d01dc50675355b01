package io.github.httpcache.hardening;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.TcpProxy;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import io.github.httpcache.test.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis "restarts" in the middle of a load run: every connection is dropped, it refuses connections
 * for a moment, and it comes back with its data lost. Every request still gets the right body, and
 * caching resumes once the client has reconnected (Lettuce reconnects with a growing delay, so the
 * test allows it a few seconds).
 */
@Tag("wall-clock")
@Timeout(120)
class RedisRestartUnderLoadTests {

	private static final int THREADS = 4;

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void redisRestartWithDataLossMidLoadNeverFailsARequest(ClientKind kind) throws Exception {
		String prefix = "restart-" + UUID.randomUUID() + ":";
		try (TestOrigin origin = TestOrigin.start()
			.otherwise((request) -> Reply.ok("body of " + request.uri().getPath()).header("Cache-Control", "max-age=60"));
				TcpProxy proxy = TcpProxy.to(TestRedis.get().host(), TestRedis.get().port()).start()) {
			CacheContexts.withoutStore()
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + proxy.port(),
						"http.cache.redis.key-prefix=" + prefix, "http.cache.cache-control=true",
						"http.cache.redis.circuit-breaker.cool-down=300ms", "http.cache.redis.timeout=2s")
				.run((context) -> {
					Client client = kind.create(context);
					List<String> failures = new CopyOnWriteArrayList<>();
					AtomicInteger requests = new AtomicInteger();
					AtomicInteger hitsAfterRestart = new AtomicInteger();
					long start = System.nanoTime();
					long restartAt = start + TimeUnit.MILLISECONDS.toNanos(1_000);
					long deadline = start + TimeUnit.MILLISECONDS.toNanos(5_000);
					ExecutorService pool = Executors.newFixedThreadPool(THREADS);
					List<Future<?>> workers = new ArrayList<>();
					for (int t = 0; t < THREADS; t++) {
						int thread = t;
						workers.add(pool.submit(() -> {
							for (int i = 0; System.nanoTime() < deadline && i < 100_000; i++) {
								String path = "/item/" + ((i * 7 + thread) % 20);
								try {
									Result result = client.get(origin.url(path), Map.of());
									requests.incrementAndGet();
									if (result.status() != 200 || !("body of " + path).equals(result.body())) {
										failures.add(path + " -> " + result.status() + " " + result.body());
									}
									if (System.nanoTime() > restartAt + TimeUnit.MILLISECONDS.toNanos(2_500)
											&& result.cacheStatus() != null && result.cacheStatus().contains("; hit")) {
										hitsAfterRestart.incrementAndGet();
									}
								}
								catch (RuntimeException ex) {
									failures.add(path + " -> " + ex);
								}
							}
						}));
					}
					TimeUnit.NANOSECONDS.sleep(Math.max(0, restartAt - System.nanoTime()));
					proxy.refuse();
					proxy.dropConnections();
					deleteKeysUnder(prefix);
					TimeUnit.MILLISECONDS.sleep(300);
					proxy.start();
					for (Future<?> worker : workers) {
						worker.get(60, TimeUnit.SECONDS);
					}
					pool.shutdown();
					System.out.printf("RedisRestartUnderLoadTests %s: %d requests, %d origin calls, %d hits after the restart%n",
							kind, requests.get(), origin.requestCount(), hitsAfterRestart.get());
					assertThat(failures).as("failed or wrong answers").isEmpty();
					// However fast the load ran, caching must come back: poll, bounded, for a hit.
					boolean resumed = false;
					for (int attempt = 0; attempt < 100 && !resumed; attempt++) {
						client.get(origin.url("/after-restart"), Map.of());
						String status = client.get(origin.url("/after-restart"), Map.of()).cacheStatus();
						resumed = status != null && status.contains("; hit");
						if (!resumed) {
							TimeUnit.MILLISECONDS.sleep(100);
						}
					}
					assertThat(resumed).as("caching resumed after the restart").isTrue();
				});
		}
	}

	private static void deleteKeysUnder(String prefix) {
		LettuceConnectionFactory factory = TestRedis.get().connectionFactory();
		try (RedisConnection connection = factory.getConnection();
				Cursor<byte[]> keys = connection.keyCommands()
					.scan(ScanOptions.scanOptions().match(prefix.replace("-", "?") + "*").count(1000).build())) {
			while (keys.hasNext()) {
				connection.keyCommands().del(keys.next());
			}
		}
		finally {
			factory.destroy();
		}
	}


}
