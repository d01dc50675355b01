package io.github.httpcache.internal.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.core.Headers;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.CacheStoreException;
import io.github.httpcache.test.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a hit costs the Redis store: one script call by its SHA-1 (the text only after Redis lost it),
 * waited for on the caller's thread rather than on a pool thread, still bounded by the timeout.
 */
class RedisHitPathTests {

	private static LettuceConnectionFactory connectionFactory;

	private final String prefix = "hit-" + UUID.randomUUID() + ":";

	/** A generous bound for the set-up calls (the first one connects, on a busy machine). */
	private final RedisCacheStore store = new RedisCacheStore(connectionFactory, this.prefix, Duration.ofHours(1),
			java.time.Clock.systemUTC(), new StoreCallGuard(Duration.ofSeconds(10), new StoreCircuitBreaker(100,
					Duration.ofSeconds(1))));

	@BeforeAll
	static void connect() {
		connectionFactory = TestRedis.get().connectionFactory();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@AfterEach
	void closeStore() {
		this.store.clear();
		this.store.close();
	}

	@Test
	void lookupAfterScriptFlushSendsTheScriptOnceThenCallsItBySha() {
		CacheKey key = CacheStoreContractTests.key("/flushed", "GET");
		CacheEntry entry = entry(key, "A");
		this.store.put(key, entry);
		try (RedisConnection connection = connectionFactory.getConnection()) {
			connection.scriptingCommands().scriptFlush();
			assertThat(connection.scriptingCommands().scriptExists(RedisCacheStore.LOOKUP_SCRIPT.sha1())).containsExactly(false);
			assertThat(this.store.get(key)).containsExactly(entry);
			assertThat(connection.scriptingCommands().scriptExists(RedisCacheStore.LOOKUP_SCRIPT.sha1())).containsExactly(true);
			long evals = calls(connection, "eval");
			long evalshas = calls(connection, "evalsha");
			assertThat(this.store.get(key)).containsExactly(entry);
			assertThat(calls(connection, "eval")).as("EVAL with the script text").isEqualTo(evals);
			assertThat(calls(connection, "evalsha")).isEqualTo(evalshas + 1);
		}
	}

	@Test
	void reactiveLookupAndWriteAfterScriptFlushStillWork() {
		CacheKey key = CacheStoreContractTests.key("/flushed-reactive", "GET");
		CacheEntry entry = entry(key, "R");
		try (ReactiveRedisCacheStore reactive = new ReactiveRedisCacheStore(this.store, connectionFactory,
				Duration.ofSeconds(10))) {
			try (RedisConnection connection = connectionFactory.getConnection()) {
				connection.scriptingCommands().scriptFlush();
			}
			assertThat(reactive.put(key, entry, CacheStore.ANY_GENERATION).block()).isTrue();
			try (RedisConnection connection = connectionFactory.getConnection()) {
				connection.scriptingCommands().scriptFlush();
			}
			assertThat(reactive.lookup(key).block().entries()).containsExactly(entry);
		}
	}

	@Test
	void aFreshenedEntryRewritesTheHeadAndKeepsTheStoredBodyBytes() {
		CacheKey key = CacheStoreContractTests.key("/revalidated", "GET");
		CacheEntry entry = entry(key, CacheEntryCodecTests.json(64 * 1024));
		this.store.put(key, entry);
		String entryKey = this.store.entryKey(key, entry);
		byte[] before = raw(entryKey);
		java.time.Instant later = entry.responseTime().plusSeconds(30);
		CacheEntry freshened = entry.revalidated(entry.headers().with("ETag", "\"v1\""), later, later,
				later.plusSeconds(600));
		assertThat(this.store.freshen(key, freshened, CacheStore.ANY_GENERATION)).isTrue();
		byte[] after = raw(entryKey);
		int bodyBefore = before.length - CacheEntryCodec.HEAD_OFFSET - headLength(before);
		int bodyAfter = after.length - CacheEntryCodec.HEAD_OFFSET - headLength(after);
		assertThat(bodyAfter).isEqualTo(bodyBefore);
		assertThat(java.util.Arrays.copyOfRange(after, after.length - bodyAfter, after.length))
			.as("the body section Redis held, byte for byte")
			.isEqualTo(java.util.Arrays.copyOfRange(before, before.length - bodyBefore, before.length));
		assertThat(headLength(after)).isGreaterThan(headLength(before));
		assertThat(this.store.get(key)).containsExactly(freshened);
	}

	@Test
	void fresheningAVariantRedisNoLongerHoldsWritesTheWholeEntry() {
		CacheKey key = CacheStoreContractTests.key("/revalidated-gone", "GET");
		CacheEntry entry = entry(key, "gone");
		assertThat(this.store.freshen(key, entry, CacheStore.ANY_GENERATION)).isTrue();
		assertThat(this.store.get(key)).containsExactly(entry);
	}

	@Test
	void aValueInThePreviousFormatIsStillRead() {
		CacheKey key = CacheStoreContractTests.key("/version-2", "GET");
		CacheEntry entry = entry(key, "old");
		this.store.put(key, entry);
		try (RedisConnection connection = connectionFactory.getConnection()) {
			connection.stringCommands().set(this.store.entryKey(key, entry).getBytes(StandardCharsets.UTF_8),
					CacheEntryCodecTests.encodeVersion2(entry));
		}
		assertThat(this.store.get(key)).containsExactly(entry);
	}

	private static byte[] raw(String key) {
		try (RedisConnection connection = connectionFactory.getConnection()) {
			return connection.stringCommands().get(key.getBytes(StandardCharsets.UTF_8));
		}
	}

	private static int headLength(byte[] value) {
		return java.nio.ByteBuffer.wrap(value, 3, 4).getInt();
	}

	@Test
	void writeAfterScriptFlushStillStores() {
		CacheKey key = CacheStoreContractTests.key("/flushed-put", "GET");
		CacheEntry entry = entry(key, "B");
		try (RedisConnection connection = connectionFactory.getConnection()) {
			connection.scriptingCommands().scriptFlush();
		}
		assertThat(this.store.put(key, entry, CacheStore.ANY_GENERATION)).isTrue();
		assertThat(this.store.get(key)).containsExactly(entry);
	}

	@Test
	void aSlowRedisTimesOutOnTheCallersThreadWithoutAPoolThread() {
		CacheKey key = CacheStoreContractTests.key("/slow", "GET");
		this.store.put(key, entry(key, "C"));
		StoreCallGuard guard = new StoreCallGuard(Duration.ofMillis(150), new StoreCircuitBreaker(100, Duration.ofSeconds(1)));
		try (RedisCacheStore bounded = new RedisCacheStore(connectionFactory, this.prefix, Duration.ofHours(1),
				java.time.Clock.systemUTC(), guard)) {
			assertTimesOutOnTheCallersThread(bounded, guard, key);
		}
	}

	private void assertTimesOutOnTheCallersThread(RedisCacheStore bounded, StoreCallGuard guard, CacheKey key) {
		long connected = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!answers(bounded, key) && System.nanoTime() < connected) {
			Thread.onSpinWait();
		}
		long tasks = guard.backgroundTasks();
		// Redis sleeps for two seconds, far past the store's 150 ms bound.
		java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
		Thread sleeper = new Thread(() -> {
			try (RedisConnection connection = connectionFactory.getConnection()) {
				connection.execute("DEBUG", "SLEEP".getBytes(StandardCharsets.UTF_8), "2".getBytes(StandardCharsets.UTF_8));
			}
			catch (RuntimeException ex) {
				failed.set(ex);
			}
		});
		assertThat(awaitSleeping(sleeper)).as("Redis asleep (%s)", failed).isTrue();
		long start = System.nanoTime();
		assertThatExceptionOfType(CacheStoreException.class).isThrownBy(() -> bounded.lookup(key))
			.withCauseInstanceOf(java.util.concurrent.TimeoutException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
		// Once the pause ends the same shared connection answers again (the breaker saw one failure).
		long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!answers(bounded, key) && System.nanoTime() < until) {
			Thread.onSpinWait();
		}
		assertThat(bounded.get(key)).hasSize(1);
		assertThat(guard.backgroundTasks()).as("calls handed to the guard's pool").isEqualTo(tasks);
	}

	/** Starts the sleeper, then waits until a PING takes over 300 ms: Redis has started its sleep. */
	private static boolean awaitSleeping(Thread sleeper) {
		io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(
				io.lettuce.core.RedisURI.create(TestRedis.get().host(), TestRedis.get().port()));
		try (io.lettuce.core.api.StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().ping();
			// Started only now that the watching client is connected (making it may take seconds here).
			sleeper.start();
			long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (System.nanoTime() < until) {
				var ping = connection.async().ping();
				try {
					ping.get(300, java.util.concurrent.TimeUnit.MILLISECONDS);
				}
				catch (java.util.concurrent.TimeoutException ex) {
					return true;
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
			return false;
		}
		finally {
			client.shutdownAsync();
		}
	}

	private static boolean answers(RedisCacheStore store, CacheKey key) {
		try {
			return store.get(key).size() == 1;
		}
		catch (CacheStoreException ex) {
			return false;
		}
	}

	private static long calls(RedisConnection connection, String command) {
		Properties stats = connection.serverCommands().info("commandstats");
		String line = stats.getProperty("cmdstat_" + command);
		if (line == null) {
			return 0;
		}
		String calls = line.substring(line.indexOf("calls=") + 6);
		return Long.parseLong(calls.substring(0, calls.indexOf(',')));
	}

	private static CacheEntry entry(CacheKey key, String body) {
		return entry(key, body.getBytes(StandardCharsets.UTF_8));
	}

	private static CacheEntry entry(CacheKey key, byte[] body) {
		java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		return new CacheEntry(key.requestKey(), key.url(), "GET", 200, Headers.of("Content-Type", "application/json"),
				body, Headers.empty(), now, now, now.plusSeconds(600), now);
	}

}
