package io.github.httpcache.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.core.Headers;
import io.github.httpcache.internal.store.CacheEntryCodec;
import io.github.httpcache.internal.store.RedisCacheStore;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.Lookup;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A Redis hit taken apart, to say where the time between {@link RedisFloorBenchmark#get} and
 * {@link HitBenchmark}'s Redis hit goes: {@link #lookup} is the Redis store's whole lookup (the
 * {@code EVALSHA} of its lookup script on Spring Data Redis's shared Lettuce connection, awaited on the
 * caller's thread, and the decoding of what it returns) without any client or flow, and {@link #decode}
 * is the decoding alone, from bytes already in memory; {@link #put} is a miss's write of a new URL and
 * {@link #encode} its encoding alone. Same entry as the hit benchmarks: a 200 JSON body
 * of {@code size} bytes (stored deflated, as the store does) with a few headers.
 */
public class StoreLookupBenchmark extends OneCpuMeasurement {

	/** Body size in bytes. */
	@Param({ "1024", "16384", "262144" })
	public int size;

	private LettuceConnectionFactory factory;

	private RedisCacheStore store;

	private CacheKey key;

	private final CacheEntryCodec codec = new CacheEntryCodec();

	private byte[] encoded;

	private CacheEntry entry;

	private String putPrefix;

	private final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();

	@Setup(Level.Trial)
	public void start() {
		BenchRedis redis = BenchRedis.get();
		this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
		this.factory.afterPropertiesSet();
		this.factory.start();
		String id = UUID.randomUUID().toString().replace("-", "");
		this.store = new RedisCacheStore(this.factory, "bench-lookup-" + id + ":", Duration.ZERO, Clock.systemUTC());
		Instant now = Instant.now();
		String url = "http://127.0.0.1/json/" + this.size;
		this.key = new CacheKey(id.substring(0, 16), id, url);
		CacheEntry entry = new CacheEntry(id, url, "GET", 200,
				Headers.of("Content-Type", "application/json", "Cache-Control", "max-age=3600", "ETag", "\"v1\"",
						"Date", "Fri, 04 Dec 2026 12:00:00 GMT"),
				Bodies.json(this.size), Headers.empty(), now, now, now.plus(Duration.ofDays(1)), now);
		this.store.put(this.key, entry);
		this.entry = entry;
		this.putPrefix = id.substring(0, 8) + "-put-";
		this.encoded = this.codec.encode(entry);
		if (lookup().entries().size() != 1) {
			throw new IllegalStateException("the stored entry is not found");
		}
		primeOnce(this::lookup);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.store.clear();
		this.factory.destroy();
	}

	@Benchmark
	public Lookup lookup() {
		return this.store.lookup(this.key);
	}

	/** A write of the same entry under a URL never written before, as a miss stores it (encoding included). */
	@Benchmark
	public boolean put() {
		String id = this.putPrefix + this.sequence.incrementAndGet();
		return this.store.put(new CacheKey(id, id, this.entry.url()), this.entry, CacheStore.ANY_GENERATION);
	}

	/** Encoding alone (deflating included), as a miss's write does before sending. */
	@Benchmark
	public byte[] encode() {
		return this.codec.encode(this.entry);
	}

	@Benchmark
	public CacheEntry decode() {
		return this.codec.decode(this.encoded);
	}

}
