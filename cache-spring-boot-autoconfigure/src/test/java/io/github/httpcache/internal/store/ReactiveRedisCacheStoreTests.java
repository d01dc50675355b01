package io.github.httpcache.internal.store;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.core.Headers;
import io.github.httpcache.test.BlockingCalls;
import io.github.httpcache.test.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReactiveRedisCacheStore} against a real Redis, beside the blocking {@link RedisCacheStore}
 * on the same prefix: each reads what the other wrote, and both treat a corrupt entry alike. Every
 * reactive call is made from a Reactor thread, where BlockHound forbids blocking.
 */
class ReactiveRedisCacheStoreTests {

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	private final CacheKey key = new CacheKey("url-key", "request-key", "http://example.com/a");

	private LettuceConnectionFactory connectionFactory;

	private RedisCacheStore blocking;

	private ReactiveRedisCacheStore reactive;

	@BeforeEach
	void createStores() {
		this.connectionFactory = TestRedis.get().connectionFactory();
		// A generous bound, as in RedisCacheStoreTests: these tests are about the shared layout, and the
		// default 250 ms was passed by a plain GET on a loaded 2-core machine.
		this.blocking = new RedisCacheStore(this.connectionFactory, "reactive-" + UUID.randomUUID() + ":",
				Duration.ofHours(1), Clock.systemUTC(),
				new StoreCallGuard(Duration.ofSeconds(10), new StoreCircuitBreaker(3, Duration.ofSeconds(1))));
		this.reactive = new ReactiveRedisCacheStore(this.blocking, this.connectionFactory, Duration.ofSeconds(5));
		BlockingCalls.clear();
	}

	@AfterEach
	void closeStores() {
		assertThat(BlockingCalls.detected()).isEmpty();
		this.blocking.clear();
		this.reactive.close();
		this.connectionFactory.destroy();
	}

	@Test
	void readsWhatTheBlockingStoreWrote() {
		this.blocking.put(this.key, entry("A"));
		assertThat(onReactorThread(this.reactive.get(this.key))).containsExactly(entry("A"));
	}

	@Test
	void writesWhatTheBlockingStoreReads() {
		onReactorThread(this.reactive.put(this.key, entry("B")));
		assertThat(this.blocking.get(this.key)).containsExactly(entry("B"));
	}

	@Test
	void evictsEveryEntryOfTheUrl() {
		this.blocking.put(this.key, entry("A"));
		onReactorThread(this.reactive.evictUrl(this.key.urlKey()));
		assertThat(this.blocking.get(this.key)).isEmpty();
	}

	@Test
	void corruptEntryIsAMissAndIsDeleted() {
		this.blocking.put(this.key, entry("A"));
		String entryKey = this.blocking.entryKey(this.key, entry("A"));
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.stringCommands()
				.set(entryKey.getBytes(StandardCharsets.UTF_8), "not an entry".getBytes(StandardCharsets.UTF_8));
		}
		assertThat(onReactorThread(this.reactive.get(this.key))).isEmpty();
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			assertThat(connection.keyCommands().exists(entryKey.getBytes(StandardCharsets.UTF_8))).isFalse();
		}
	}

	@Test
	void replyErrorFailsOnlyItsOwnCallAndKeepsTheSharedConnection() {
		this.blocking.put(this.key, entry("A"));
		// A foreign value of the wrong type under the prefix: releasing "its" lease is a WRONGTYPE reply.
		CacheKey foreign = new CacheKey("url-key", "foreign", "http://example.com/a");
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.hashCommands()
				.hSet(this.blocking.leaseKey(foreign).getBytes(StandardCharsets.UTF_8), "f".getBytes(StandardCharsets.UTF_8),
						"v".getBytes(StandardCharsets.UTF_8));
		}
		java.util.concurrent.atomic.AtomicInteger replyErrors = new java.util.concurrent.atomic.AtomicInteger();
		List<Mono<Object>> calls = new java.util.ArrayList<>();
		for (int i = 0; i < 400; i++) {
			calls.add((i % 10 == 0)
					? this.reactive.releaseLease(foreign, "owner").<Object>thenReturn("released").onErrorResume((ex) -> {
						replyErrors.incrementAndGet();
						return Mono.just("reply error");
					})
					: this.reactive.get(this.key).map((entries) -> (Object) entries));
		}
		List<Object> results = onReactorThread(reactor.core.publisher.Flux.merge(calls).collectList());
		assertThat(replyErrors).hasValue(40);
		assertThat(results).filteredOn((result) -> result instanceof List<?>).hasSize(360)
			.allSatisfy((entries) -> assertThat(entries).isEqualTo(List.of(entry("A"))));
		assertThat(this.blocking.guard().breaker().state()).isEqualTo(StoreCircuitBreaker.State.CLOSED);
		assertThat(onReactorThread(this.reactive.get(this.key))).containsExactly(entry("A"));
	}

	private static <T> T onReactorThread(Mono<T> call) {
		return Mono.defer(() -> call).subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(10));
	}

	private CacheEntry entry(String body) {
		return new CacheEntry("request-key", "http://example.com/a", "GET", 200, Headers.empty(),
				body.getBytes(StandardCharsets.UTF_8), Headers.empty(), this.now, this.now,
				this.now.plusSeconds(600), this.now);
	}

}
