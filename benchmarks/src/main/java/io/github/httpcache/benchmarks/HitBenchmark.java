package io.github.httpcache.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * A hit through our starter: a {@code GET} of a URL the origin answered with
 * {@code max-age=86400}, served from the Redis store or the memory store without reaching the origin.
 * Compared with {@link RedisFloorBenchmark#get} (Redis) and {@link ApacheCacheBenchmark#hit}
 * (memory); its {@code gc.alloc.rate.norm} is the allocation per hit.
 */
public class HitBenchmark extends OneCpuMeasurement {

	/** Body size in bytes. */
	@Param({ "1024", "16384", "262144" })
	public int size;

	/** The client the call goes through. */
	@Param({ "REST_CLIENT", "REST_TEMPLATE", "WEB_CLIENT" })
	public ClientKind client;

	/** Where the cache stores. */
	@Param({ "REDIS", "MEMORY" })
	public BenchmarkApplication.Store store;

	private JsonOrigin origin;

	private ConfigurableApplicationContext context;

	private ClientKind.Caller caller;

	private String url;

	@Setup(Level.Trial)
	public void start() {
		this.origin = JsonOrigin.start(this.size);
		this.context = BenchmarkApplication.shared(this.store);
		this.caller = this.client.build(this.context);
		this.url = this.origin.url("/fresh/" + this.size);
		String scenario = this.client + " hit (" + this.store + ")";
		Fixtures.assertBody(scenario, this.origin, hit());
		Fixtures.assertHits(scenario, this.origin, this::hit);
		primeOnce(this::hit);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.origin.close();
	}

	@Benchmark
	public byte[] hit() {
		return this.caller.get(this.url);
	}

}
