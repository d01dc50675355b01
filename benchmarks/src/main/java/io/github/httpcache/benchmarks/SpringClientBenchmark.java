package io.github.httpcache.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.httpcache.HttpCacheRequest;
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
import org.openjdk.jmh.infra.BenchmarkParams;

import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Our starter, through the three Spring clients built from Spring Boot's builders, with the Redis
 * store and with the memory store: a hit on each client, and on {@code RestClient} a miss that stores
 * (per-request force-refresh: fetch, store, answer) and a 304 revalidation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 8, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class SpringClientBenchmark {

	private static final Consumer<Map<String, Object>> FORCE_REFRESH = HttpCacheRequest.forceRefresh();

	/** Body size in bytes. */
	@Param({ "1024", "16384", "262144" })
	public int size;

	/** Where the cache stores. */
	@Param({ "REDIS", "MEMORY" })
	public String store;

	private JsonOrigin origin;

	private ConfigurableApplicationContext context;

	private RestClient restClient;

	private WebClient webClient;

	private RestTemplate restTemplate;

	private String freshUrl;

	private String missUrl;

	private String etagUrl;

	@Setup(Level.Trial)
	public void start(BenchmarkParams params) {
		this.origin = JsonOrigin.start(this.size);
		this.context = BenchmarkApplication.start(BenchmarkApplication.Store.valueOf(this.store));
		this.restClient = this.context.getBean(RestClient.Builder.class).build();
		this.webClient = this.context.getBean(WebClient.Builder.class).build();
		this.restTemplate = this.context.getBean(RestTemplateBuilder.class).build();
		this.freshUrl = this.origin.url("/fresh/" + this.size);
		this.missUrl = this.origin.url("/fresh/" + this.size + "/miss");
		this.etagUrl = this.origin.url("/etag/" + this.size);
		String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
		String scenario = method + " (" + this.store + ")";
		switch (method) {
			case "restClientHit" -> primeHit(scenario, this::restClientHit);
			case "webClientHit" -> primeHit(scenario, this::webClientHit);
			case "restTemplateHit" -> primeHit(scenario, this::restTemplateHit);
			case "restClientMiss" -> primeMiss(scenario);
			case "restClientRevalidate" -> {
				Fixtures.assertBody(scenario, this.origin, restClientRevalidate());
				Fixtures.assertRevalidates(scenario, this.origin, this::restClientRevalidate);
			}
			default -> throw new IllegalStateException("No fixture for " + method);
		}
	}

	private void primeHit(String scenario, Supplier<byte[]> call) {
		Fixtures.assertBody(scenario, this.origin, call.get());
		Fixtures.assertHits(scenario, this.origin, call::get);
	}

	private void primeMiss(String scenario) {
		long before = this.origin.requests();
		ResponseEntity<byte[]> response = this.restClient.get()
			.uri(this.missUrl)
			.attributes(FORCE_REFRESH)
			.retrieve()
			.toEntity(byte[].class);
		String cacheStatus = response.getHeaders().getFirst("Cache-Status");
		if (this.origin.requests() != before + 1 || cacheStatus == null || !cacheStatus.contains("stored")) {
			throw new IllegalStateException(scenario + " did not fetch and store: Cache-Status " + cacheStatus);
		}
		Fixtures.assertBody(scenario, this.origin, response.getBody());
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
		this.origin.close();
	}

	@Benchmark
	public byte[] restClientHit() {
		return this.restClient.get().uri(this.freshUrl).retrieve().body(byte[].class);
	}

	@Benchmark
	public byte[] webClientHit() {
		return this.webClient.get().uri(this.freshUrl).retrieve().bodyToMono(byte[].class).block();
	}

	@Benchmark
	public byte[] restTemplateHit() {
		return this.restTemplate.getForObject(this.freshUrl, byte[].class);
	}

	@Benchmark
	public byte[] restClientMiss() {
		return this.restClient.get().uri(this.missUrl).attributes(FORCE_REFRESH).retrieve().body(byte[].class);
	}

	@Benchmark
	public byte[] restClientRevalidate() {
		return this.restClient.get().uri(this.etagUrl).retrieve().body(byte[].class);
	}

}
