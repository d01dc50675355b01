package io.github.httpcache.benchmarks;

import java.util.Arrays;
import java.util.UUID;

import io.github.httpcache.HttpCache;
import io.github.httpcache.HttpCacheRequest;
import io.github.httpcache.client.HttpCacheEngine;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.internal.store.NearCache;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * Coherence latency of the near tier (issue 19), as a documented run rather than a test: two
 * application contexts, A and B, on one Redis, both with {@code http.cache.near.enabled=true}. For each
 * of N changes (default 1,000), B first holds the URL in its near tier (its last answer said
 * {@code detail=near}); then A makes the change, alternately an invalidation ({@code HttpCache.evict})
 * and a write (a {@code RestClient} GET with {@code forceRefresh()}, which stores a replacement); the
 * time measured runs from A's call returning (the change is in Redis) until B's near tier no longer
 * holds the old lookup, polled without pause on B's {@link NearCache} (also reported from the start of
 * A's call). Then the write path's cost: evictions and writes timed in a context with the near tier on
 * and one with it off, interleaved.
 * <p>
 * Run (see RESULTS.md): {@code java -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmark-classpath.txt)"
 * io.github.httpcache.benchmarks.NearCoherenceRun [changes]}
 */
public final class NearCoherenceRun {

	private static final long GIVE_UP_NANOS = 2_000_000_000L;

	private NearCoherenceRun() {
	}

	public static void main(String[] args) throws Exception {
		int changes = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000;
		System.setProperty("http.cache.redis.key-prefix", "near-run-" + UUID.randomUUID() + ":");
		System.setProperty("http.cache.near.enabled", "true");
		try (JsonOrigin origin = JsonOrigin.start(1024);
				ConfigurableApplicationContext a = BenchmarkApplication.start(BenchmarkApplication.Store.REDIS);
				ConfigurableApplicationContext b = BenchmarkApplication.start(BenchmarkApplication.Store.REDIS)) {
			String url = origin.url("/fresh/1024");
			RestClient clientA = a.getBean(RestClient.Builder.class).build();
			RestClient clientB = b.getBean(RestClient.Builder.class).build();
			HttpCache cacheA = a.getBean(HttpCache.class);
			NearCache nearB = b.getBean(NearCache.class);
			CacheKey key = b.getBean(HttpCacheEngine.class).policy().plan(CacheRequest.get(url)).key();

			long[] invalidations = new long[(changes + 1) / 2];
			long[] writes = new long[changes / 2];
			long[] fromStart = new long[changes];
			int lost = 0;
			for (int i = 0; i < changes + 50; i++) {
				boolean measured = i >= 50; // the first 50 warm the JIT up
				int n = i - 50;
				holdInNearTier(clientB, url);
				long start = System.nanoTime();
				boolean invalidation = (i % 2 == 0);
				if (invalidation) {
					cacheA.evict(url);
				}
				else {
					clientA.get().uri(url).attributes(HttpCacheRequest.forceRefresh()).retrieve().body(byte[].class);
				}
				long done = System.nanoTime();
				while (nearB.get(key) != null) {
					if (System.nanoTime() - done > GIVE_UP_NANOS) {
						lost++;
						break;
					}
					Thread.onSpinWait();
				}
				long dropped = System.nanoTime();
				if (measured && n < changes) {
					fromStart[n] = dropped - start;
					if (invalidation && n / 2 < invalidations.length) {
						invalidations[n / 2] = dropped - done;
					}
					else if (!invalidation && n / 2 < writes.length) {
						writes[n / 2] = dropped - done;
					}
				}
			}
			long[] all = new long[invalidations.length + writes.length];
			System.arraycopy(invalidations, 0, all, 0, invalidations.length);
			System.arraycopy(writes, 0, all, invalidations.length, writes.length);
			System.out.printf("Near-tier coherence, %d changes on A (%d evictions, %d writes), B polled without pause%n",
					changes, invalidations.length, writes.length);
			System.out.println("| change on A | count | B stops serving the old entry: median | p99 | max |");
			System.out.println("|---|---|---|---|---|");
			row("evict (invalidation)", invalidations);
			row("write (replacement)", writes);
			row("all", all);
			row("all, timed from the start of A's call", fromStart);
			System.out.println("changes never heard of within 2 s: " + lost);
		}
		writePathCost(changes);
		System.exit(0);
	}

	/**
	 * The write path with and without the near tier: one context of each, alone on the Redis (B gone),
	 * their calls interleaved so that the machine's noise falls on both alike.
	 */
	private static void writePathCost(int changes) throws Exception {
		System.setProperty("http.cache.near.enabled", "true");
		ConfigurableApplicationContext on = BenchmarkApplication.start(BenchmarkApplication.Store.REDIS);
		System.setProperty("http.cache.near.enabled", "false");
		ConfigurableApplicationContext off = BenchmarkApplication.start(BenchmarkApplication.Store.REDIS);
		try (JsonOrigin origin = JsonOrigin.start(1024); on; off) {
			String url = origin.url("/fresh/1024");
			ConfigurableApplicationContext[] contexts = { on, off };
			long[][][] calls = new long[2][2][changes / 2];
			for (int i = 0; i < changes + 100; i++) {
				boolean invalidation = (i % 2 == 0);
				for (int c = 0; c < 2; c++) {
					long start = System.nanoTime();
					if (invalidation) {
						contexts[c].getBean(HttpCache.class).evict(url);
					}
					else {
						contexts[c].getBean(RestClient.Builder.class).build().get().uri(url)
							.attributes(HttpCacheRequest.forceRefresh()).retrieve().body(byte[].class);
					}
					int n = (i - 100) / 2;
					if (i >= 100 && n < changes / 2) {
						calls[c][invalidation ? 0 : 1][n] = System.nanoTime() - start;
					}
				}
			}
			System.out.println();
			System.out.println("| A's call (one context, alone) | near on: median | p99 | near off: median | p99 |");
			System.out.println("|---|---|---|---|---|");
			String[] names = { "HttpCache.evict", "GET forceRefresh (fetch + store)" };
			for (int op = 0; op < 2; op++) {
				long[] withNear = calls[0][op].clone();
				long[] without = calls[1][op].clone();
				Arrays.sort(withNear);
				Arrays.sort(without);
				System.out.printf("| %s | %s | %s | %s | %s |%n", names[op], micros(percentile(withNear, 0.5)),
						micros(percentile(withNear, 0.99)), micros(percentile(without, 0.5)),
						micros(percentile(without, 0.99)));
			}
		}
	}

	/** Reads through B until its answer comes from the near tier. */
	private static void holdInNearTier(RestClient client, String url) throws InterruptedException {
		for (int attempt = 0; attempt < 1000; attempt++) {
			ResponseEntity<byte[]> response = client.get().uri(url).retrieve().toEntity(byte[].class);
			String cacheStatus = response.getHeaders().getFirst("Cache-Status");
			if (cacheStatus != null && cacheStatus.contains("detail=near")) {
				return;
			}
			if (attempt > 3) {
				Thread.sleep(1);
			}
		}
		throw new IllegalStateException("B's near tier never answered");
	}

	private static void row(String name, long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		System.out.printf("| %s | %d | %s | %s | %s |%n", name, sorted.length, micros(percentile(sorted, 0.5)),
				micros(percentile(sorted, 0.99)), micros(sorted[sorted.length - 1]));
	}

	private static long percentile(long[] sorted, double p) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
	}

	private static String micros(long nanos) {
		return String.format("%,d µs", nanos / 1_000);
	}

}
