package io.github.httpcache.hardening;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import io.github.httpcache.test.TestRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.httpcache.autoconfigure.HttpCacheMetricsAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure reported in issue 16, replayed: one long-lived application serves a burst of concurrent
 * WebClient GETs, a second application context starts (and stops) on the same Redis and prefix, and a
 * foreign value of the wrong type sits under the prefix. The store's shared reactive connection must
 * survive all of it: afterwards every read is answered by Redis, none fails.
 */
@Timeout(120)
class SharedConnectionTests {

	@Test
	void burstOtherContextAndForeignValueLeaveNoFailedStoreRead() {
		String prefix = "shared-" + UUID.randomUUID() + ":";
		try (TestOrigin origin = TestOrigin.start()
			.otherwise((request) -> Reply.ok("body of " + request.uri().getPath()).header("Cache-Control", "max-age=600"))) {
			CacheContexts.withRedis(prefix)
				.withConfiguration(AutoConfigurations.of(HttpCacheMetricsAutoConfiguration.class))
				.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
				.withPropertyValues("http.cache.cache-control=true")
				.run((context) -> {
					WebClient client = context.getBean(WebClient.Builder.class).build();
					MeterRegistry registry = context.getBean(MeterRegistry.class);
					burst(client, origin, 400);
					// Another application on the same Redis and prefix starts and stops.
					CacheContexts.withRedis(prefix).run((other) -> {
					});
					// Someone else's value, of another type, under our prefix: a WRONGTYPE for any script on it.
					plantForeignValues(prefix);
					double errorsBefore = storeErrors(registry);
					List<String> wrong = burst(client, origin, 400);
					assertThat(wrong).isEmpty();
					assertThat(storeErrors(registry) - errorsBefore).as("store calls that failed while Redis was healthy")
						.isZero();
				});
		}
	}

	private static List<String> burst(WebClient client, TestOrigin origin, int requests) {
		List<Mono<String>> calls = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			String path = "/item/" + (i % 40);
			calls.add(client.get()
				.uri(origin.url(path))
				.exchangeToMono((response) -> response.toEntity(String.class))
				.map(ResponseEntity::getBody)
				.filter((body) -> !("body of " + path).equals(body))
				.map((body) -> path + " -> " + body));
		}
		return Flux.merge(calls).collectList().block(Duration.ofSeconds(60));
	}

	/** Replaces every other key under the prefix with a hash. */
	static void plantForeignValues(String prefix) {
		LettuceConnectionFactory factory = TestRedis.get().connectionFactory();
		try (RedisConnection connection = factory.getConnection()) {
			List<byte[]> keys = new ArrayList<>();
			try (Cursor<byte[]> cursor = connection.keyCommands()
				.scan(ScanOptions.scanOptions().match(prefix.replace("-", "?") + "*").count(1000).build())) {
				cursor.forEachRemaining(keys::add);
			}
			for (int i = 0; i < keys.size(); i += 2) {
				connection.keyCommands().del(keys.get(i));
				connection.hashCommands()
					.hSet(keys.get(i), "foreign".getBytes(StandardCharsets.UTF_8), "value".getBytes(StandardCharsets.UTF_8));
			}
		}
		finally {
			factory.destroy();
		}
	}

	static double storeErrors(MeterRegistry registry) {
		return registry.find("http.client.cache.store.latency")
			.tag("outcome", "error")
			.timers()
			.stream()
			.mapToDouble((timer) -> timer.count())
			.sum();
	}

}
