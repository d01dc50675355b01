package io.github.httpcache.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * A miss that stores, on the Redis store: every call asks for a URL never asked before, so the cache
 * looks it up (nothing), fetches it from the origin and writes it to Redis before answering. Compared
 * with what it cannot do without: the same call without the cache ({@link NoCacheBenchmark}) plus one
 * Redis {@code GET} and one {@code SET} of the same bytes ({@link RedisFloorBenchmark}).
 * <p>
 * The origin answers these URLs with {@code max-age=3} and the context keeps no stale entries
 * ({@code http.cache.redis.retain-stale=0s}), so what the misses store expires within seconds instead
 * of filling Redis during the run.
 */
public class MissBenchmark extends OneCpuMeasurement {

	/** Body size in bytes. */
	@Param({ "1024", "16384", "262144" })
	public int size;

	/** The client the call goes through. */
	@Param({ "REST_CLIENT", "REST_TEMPLATE", "WEB_CLIENT" })
	public ClientKind client;

	private final AtomicLong sequence = new AtomicLong();

	private JsonOrigin origin;

	private ConfigurableApplicationContext context;

	private ClientKind.Caller caller;

	private String url;

	@Setup(Level.Trial)
	public void start() {
		this.origin = JsonOrigin.start(this.size);
		this.context = BenchmarkApplication.shared(BenchmarkApplication.Store.REDIS,
				"http.cache.redis.retain-stale=0s");
		this.caller = this.client.build(this.context);
		this.url = this.origin.url("/miss/" + this.size + "?n=");
		Fixtures.assertMissStores(this.client + " miss (REDIS)", this.origin, this.caller,
				() -> this.url + this.sequence.incrementAndGet());
		primeOnce(this::missAndStore);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.origin.close();
	}

	@Benchmark
	public byte[] missAndStore() {
		return this.caller.get(this.url + this.sequence.incrementAndGet());
	}

}
