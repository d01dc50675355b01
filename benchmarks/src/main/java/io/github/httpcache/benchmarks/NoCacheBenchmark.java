package io.github.httpcache.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The baseline: the same Boot-built client with the cache switched off
 * ({@code http.cache.enabled=false}), so every call goes to the origin and reads the full body.
 */
public class NoCacheBenchmark extends OneCpuMeasurement {

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
		this.context = BenchmarkApplication.shared(BenchmarkApplication.Store.NONE);
		this.caller = this.client.build(this.context);
		this.url = this.origin.url("/fresh/" + this.size);
		String scenario = this.client + " without cache";
		Fixtures.assertBody(scenario, this.origin, origin());
		Fixtures.assertReachesOrigin(scenario, this.origin, this::origin);
		primeOnce(this::origin);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.origin.close();
	}

	@Benchmark
	public byte[] origin() {
		return this.caller.get(this.url);
	}

}
