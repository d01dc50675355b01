package io.github.httpcache.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * The baseline: the same Boot-built {@code RestClient} with the cache switched off
 * ({@code http.cache.enabled=false}), so every call goes to the origin.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 8, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class NoCacheBenchmark {

	/** Body size in bytes. */
	@Param({ "1024", "16384", "262144" })
	public int size;

	private JsonOrigin origin;

	private ConfigurableApplicationContext context;

	private RestClient restClient;

	private String url;

	@Setup(Level.Trial)
	public void start() {
		this.origin = JsonOrigin.start(this.size);
		this.context = BenchmarkApplication.start(BenchmarkApplication.Store.NONE);
		this.restClient = this.context.getBean(RestClient.Builder.class).build();
		this.url = this.origin.url("/fresh/" + this.size);
		long before = this.origin.requests();
		Fixtures.assertBody("restClient without cache", this.origin, restClient());
		if (this.origin.requests() != before + 1) {
			throw new IllegalStateException("restClient without cache did not reach the origin");
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
		this.origin.close();
	}

	@Benchmark
	public byte[] restClient() {
		return this.restClient.get().uri(this.url).retrieve().body(byte[].class);
	}

}
