package io.github.httpcache.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.core.Headers;
import io.github.httpcache.store.CacheStore;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The Redis store at scale, as a documented run rather than a test (issue 16): Redis memory and
 * store-hit latency with 1 k, 100 k and 1 M entries, then one URL with 1 M users (one request key
 * each, as {@code /me} keyed on credentials), its hit latency, the time of one invalidation of it, and
 * Redis's {@code SLOWLOG} while the entries are deleted. Entries go in through the store's own
 * {@code put} (the real scripts and layout), 16 writers at once. The store is the auto-configured
 * {@link CacheStore} of a Spring context (the public store SPI only, with a 10 s store timeout so
 * that a write held up by the fill is not dropped), so this run follows whatever store the starter
 * configures.
 * <p>
 * Run: {@code java -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmark-classpath.txt)" io.github.httpcache.benchmarks.StoreScaleRun [top]}
 * (see RESULTS.md); {@code top} is the largest size, 1,000,000 by default.
 */
public final class StoreScaleRun {

	private static final int WRITERS = 16;

	private static final byte[] BODY = ("{\"id\":1,\"name\":\"" + "x".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8);

	private StoreScaleRun() {
	}

	public static void main(String[] args) throws Exception {
		int top = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		BenchRedis redis = BenchRedis.get();
		try (ConfigurableApplicationContext context = BenchmarkApplication.start(BenchmarkApplication.Store.REDIS,
				"http.cache.redis.timeout=10s")) {
			CacheStore store = context.getBean(CacheStore.class);
			RedisConnectionFactory factory = context.getBean(RedisConnectionFactory.class);
			System.out.printf("Redis store at scale: entries of a %d-byte JSON body, expire-after never, %d writers%n%n",
					BODY.length, WRITERS);
			System.out.println("| entries | Redis used_memory | per entry | hit p50 | hit p99 | fill rate |");
			System.out.println("|---|---|---|---|---|---|");
			long baseline = usedMemory(factory);
			int filled = 0;
			boolean usersOnly = args.length > 1 && args[1].equals("users");
			for (int size : new int[] { 1_000, 100_000, 1_000_000 }) {
				if (size > top || usersOnly) {
					break;
				}
				long start = System.nanoTime();
				fill(store, filled, size, (i) -> key("url-" + i, "request-" + i));
				double rate = (size - filled) / ((System.nanoTime() - start) / 1e9);
				filled = size;
				long memory = usedMemory(factory) - baseline;
				long[] latency = hits(store, size, (i) -> key("url-" + i, "request-" + i));
				System.out.printf("| %,d | %s | %,d B | %d µs | %d µs | %,.0f puts/s |%n", size, mib(memory),
						memory / size, latency[0], latency[1], rate);
			}
			store.clear();
			long otherKeys = dbSize(factory);
			int users = top;
			long before = usedMemory(factory);
			long start = System.nanoTime();
			fill(store, 0, users, (i) -> key("me", "user-" + i));
			double rate = users / ((System.nanoTime() - start) / 1e9);
			long memory = usedMemory(factory) - before;
			long[] latency = hits(store, users, (i) -> key("me", "user-" + i));
			System.out.printf("%n| one URL, users | Redis used_memory | per user | hit p50 | hit p99 | fill rate |%n");
			System.out.println("|---|---|---|---|---|---|");
			System.out.printf("| %,d | %s | %,d B | %d µs | %d µs | %,.0f puts/s |%n%n", users, mib(memory),
					memory / users, latency[0], latency[1], rate);
			invalidate(store, factory, users, otherKeys);
		}
		finally {
			redis.stop();
		}
	}

	/** One invalidation of the URL the users share: the caller's time, the background deletion's, and SLOWLOG. */
	private static void invalidate(CacheStore store, RedisConnectionFactory factory, int users, long otherKeys) throws Exception {
		try (RedisConnection connection = factory.getConnection()) {
			connection.serverCommands().setConfig("slowlog-log-slower-than", "1000");
			connection.serverCommands().setConfig("slowlog-max-len", "100000");
			slowlog(connection).slowlogReset().get();
			long keysBefore = connection.serverCommands().dbSize();
			long start = System.nanoTime();
			store.evictUrl("me");
			long callMicros = (System.nanoTime() - start) / 1_000;
			boolean served = !store.get(key("me", "user-1")).isEmpty();
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
			// Left: the URL's generation, and the keys that were there before the users (the key secret).
			while (connection.serverCommands().dbSize() > otherKeys + 1 && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			long drainMillis = (System.nanoTime() - start) / 1_000_000;
			List<Object> slowlog = slowlog(connection).slowlogGet(100_000).get();
			long scripts = 0;
			long maxMicros = 0;
			long over10ms = 0;
			long over5ms = 0;
			long over2ms = 0;
			for (Object entry : (slowlog != null) ? slowlog : List.of()) {
				if (entry instanceof List<?> fields && fields.size() > 3 && fields.get(2) instanceof Long micros
						&& fields.get(3) instanceof List<?> command && !command.isEmpty()
						&& new String((byte[]) command.get(0), StandardCharsets.UTF_8).toUpperCase().startsWith("EVAL")) {
					scripts++;
					maxMicros = Math.max(maxMicros, micros);
					over10ms += (micros > 10_000) ? 1 : 0;
					over5ms += (micros > 5_000) ? 1 : 0;
					over2ms += (micros > 2_000) ? 1 : 0;
				}
			}
			System.out.printf("Invalidating the URL of %,d users (%,d keys): the call returned in %,d µs (entries "
					+ "served after it: %s); all keys deleted %,d ms after the call, in the background; SLOWLOG: %d "
					+ "script calls over 1 ms, %d over 2 ms, %d over 5 ms, %d over 10 ms, the longest %,d µs%n", users,
					keysBefore, callMicros, served ? "yes" : "none", drainMillis, scripts, over2ms, over5ms, over10ms,
					maxMicros);
		}
	}

	@SuppressWarnings("unchecked")
	private static io.lettuce.core.api.async.RedisServerAsyncCommands<byte[], byte[]> slowlog(RedisConnection connection) {
		return (io.lettuce.core.api.async.RedisServerAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
	}

	private static void fill(CacheStore store, int from, int to, IntFunction<CacheKey> keys) throws Exception {
		ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
		List<Future<?>> done = new ArrayList<>();
		for (int w = 0; w < WRITERS; w++) {
			int writer = w;
			done.add(writers.submit(() -> {
				for (int i = from + writer; i < to; i += WRITERS) {
					CacheKey key = keys.apply(i);
					store.put(key, entry(key));
				}
			}));
		}
		for (Future<?> future : done) {
			future.get(1, TimeUnit.HOURS);
		}
		writers.shutdown();
	}

	/** p50 and p99 of 5,000 lookups of entries that exist, from one thread, after 1,000 to warm up. */
	private static long[] hits(CacheStore store, int size, IntFunction<CacheKey> keys) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long[] micros = new long[5_000];
		for (int i = -1_000; i < micros.length; i++) {
			CacheKey key = keys.apply(random.nextInt(size));
			long start = System.nanoTime();
			if (store.get(key).isEmpty()) {
				throw new IllegalStateException("Missing entry for " + key);
			}
			if (i >= 0) {
				micros[i] = (System.nanoTime() - start) / 1_000;
			}
		}
		Arrays.sort(micros);
		return new long[] { micros[micros.length / 2], micros[micros.length * 99 / 100] };
	}

	private static CacheKey key(String urlKey, String requestKey) {
		return new CacheKey(urlKey, requestKey, "https://api.example.com/" + urlKey);
	}

	private static CacheEntry entry(CacheKey key) {
		Instant now = Instant.now();
		return new CacheEntry(key.requestKey(), key.url(), "GET", 200,
				Headers.of("Content-Type", "application/json", "ETag", "\"v1\""), BODY, Headers.empty(), now, now, null,
				now);
	}

	private static long dbSize(RedisConnectionFactory factory) {
		try (RedisConnection connection = factory.getConnection()) {
			return connection.serverCommands().dbSize();
		}
	}

	private static long usedMemory(RedisConnectionFactory factory) {
		try (RedisConnection connection = factory.getConnection()) {
			Properties info = connection.serverCommands().info("memory");
			return Long.parseLong(info.getProperty("used_memory"));
		}
	}

	private static String mib(long bytes) {
		return String.format("%,.1f MiB", bytes / (1024.0 * 1024.0));
	}

}
