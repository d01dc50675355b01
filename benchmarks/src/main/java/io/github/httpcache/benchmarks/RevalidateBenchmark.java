package io.github.httpcache.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * A 304 revalidation on the Redis store: the origin answers {@code Cache-Control: no-cache} with an
 * ETag, so every call reads the stored entry, sends a conditional {@code GET}, gets a body-less 304
 * and answers the stored body with the entry's head renewed. Compared with Apache HttpClient 5's own
 * 304 revalidation ({@link ApacheCacheBenchmark#revalidate}, its entries on the heap) plus one Redis
 * round trip ({@link RedisFloorBenchmark#get} of the same bytes: the read of the stored entry).
 */
public class RevalidateBenchmark extends OneCpuMeasurement {

	/** Body size in bytes. */
	@Param({ "1024", "16384", "262144" })
	public int size;

	/** The client the call goes through. */
	@Param({ "REST_CLIENT", "REST_TEMPLATE", "WEB_CLIENT" })
	public ClientKind client;

	private JsonOrigin origin;

	private ConfigurableApplicationContext context;

	private ClientKind.Caller caller;

	private String url;

	@Setup(Level.Trial)
	public void start() {
		this.origin = JsonOrigin.start(this.size);
		this.context = BenchmarkApplication.shared(BenchmarkApplication.Store.REDIS);
		this.caller = this.client.build(this.context);
		this.url = this.origin.url("/etag/" + this.size);
		String scenario = this.client + " 304 revalidation (REDIS)";
		Fixtures.assertBody(scenario, this.origin, revalidate304());
		Fixtures.assertRevalidates(scenario, this.origin, this::revalidate304);
		primeOnce(this::revalidate304);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.origin.close();
	}

	@Benchmark
	public byte[] revalidate304() {
		return this.caller.get(this.url);
	}

}
