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
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A near hit (issue 19): our starter on the Redis store with {@code http.cache.near.enabled=true},
 * through {@code RestClient} and {@code WebClient}; compare with {@code ApacheCacheBenchmark.hit} (the
 * in-process peer) and {@code SpringClientBenchmark.restClientHit} on REDIS (the same hit without the
 * near tier). Before measuring, the fixture proves the hit came from the near tier
 * ({@code detail=near}) and never reached the origin. The property is set as a system property of the
 * fork, which outranks {@link BenchmarkApplication}'s defaults, so the application is the benchmarks'
 * usual one plus the switch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 8, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class NearHitBenchmark {

	/** Body size in bytes. */
	@Param({ "1024", "16384", "262144" })
	public int size;

	private JsonOrigin origin;

	private ConfigurableApplicationContext context;

	private RestClient restClient;

	private WebClient webClient;

	private String freshUrl;

	@Setup(Level.Trial)
	public void start() throws InterruptedException {
		System.setProperty("http.cache.near.enabled", "true");
		this.origin = JsonOrigin.start(this.size);
		this.context = BenchmarkApplication.start(BenchmarkApplication.Store.REDIS);
		this.restClient = this.context.getBean(RestClient.Builder.class).build();
		this.webClient = this.context.getBean(WebClient.Builder.class).build();
		this.freshUrl = this.origin.url("/fresh/" + this.size);
		awaitNearHit();
		Fixtures.assertBody("near hit", this.origin, restClientNearHit());
		Fixtures.assertHits("near hit (RestClient)", this.origin, this::restClientNearHit);
		Fixtures.assertHits("near hit (WebClient)", this.origin, this::webClientNearHit);
	}

	/** The near tier opens once its invalidation channel is up, in the background at start-up. */
	private void awaitNearHit() throws InterruptedException {
		for (int attempt = 0; attempt < 500; attempt++) {
			ResponseEntity<byte[]> response = this.restClient.get().uri(this.freshUrl).retrieve().toEntity(byte[].class);
			String cacheStatus = response.getHeaders().getFirst("Cache-Status");
			if (cacheStatus != null && cacheStatus.contains("detail=near")) {
				return;
			}
			Thread.sleep(10);
		}
		throw new IllegalStateException("The near tier never answered: is Redis 6 or later, on RESP3?");
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
		this.origin.close();
	}

	@Benchmark
	public byte[] restClientNearHit() {
		return this.restClient.get().uri(this.freshUrl).retrieve().body(byte[].class);
	}

	@Benchmark
	public byte[] webClientNearHit() {
		return this.webClient.get().uri(this.freshUrl).retrieve().bodyToMono(byte[].class).block();
	}

}
