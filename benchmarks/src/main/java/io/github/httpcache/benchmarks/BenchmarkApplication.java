package io.github.httpcache.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The application a user of the starter has: Spring Boot's auto-configuration (Redis, HTTP clients,
 * ours), clients taken from Boot's builders, and the cache configured only through properties. The
 * scenarios take their {@code RestClient}, {@code WebClient} and {@code RestTemplate} from it, so the
 * WebClient is cached exactly when the starter's auto-configuration attaches to it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BenchmarkApplication {

	/** Where the cache stores, or none when the context is the no-cache baseline. */
	public enum Store {

		REDIS, MEMORY, NONE

	}

	/**
	 * Apache HttpClient's default pool keeps 5 connections per route, which would serialise the
	 * 8-thread origin scenarios; 16 lets every thread have its own, as the Apache peer is given.
	 */
	@Bean
	ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> benchmarkConnectionPool() {
		return (builder) -> builder
			.withConnectionManagerCustomizer((manager) -> manager.setMaxConnPerRoute(16).setMaxConnTotal(32));
	}

	private static final Map<List<String>, ConfigurableApplicationContext> shared = new HashMap<>();

	/**
	 * The context of this JVM for the given store and properties, started on first use and kept until
	 * the JVM exits: run.sh runs a client's trials one after another in one JVM, and a Spring start per
	 * trial would cost more than the trials' measured time. Trials do not see each other's entries: each
	 * has its own origin, on its own port, so its own URLs.
	 */
	static synchronized ConfigurableApplicationContext shared(Store store, String... extraProperties) {
		List<String> key = new ArrayList<>(List.of(extraProperties));
		key.add(0, store.name());
		return shared.computeIfAbsent(List.copyOf(key), (k) -> start(store, extraProperties));
	}

	/**
	 * Starts a context whose cache uses the given store; {@link Store#NONE} switches the cache off.
	 * @param store where the cache stores
	 * @param extraProperties more {@code name=value} properties for this scenario
	 * @return the running context
	 */
	static ConfigurableApplicationContext start(Store store, String... extraProperties) {
		BenchRedis redis = BenchRedis.get();
		List<String> properties = new ArrayList<>(List.of("spring.main.banner-mode=off",
				"spring.main.log-startup-info=false", "logging.level.root=warn",
				"spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
				// Pin the imperative factory so the baseline and the peers speak through the same client.
				"spring.http.clients.imperative.factory=http-components",
				// WebClient's default 256 KiB buffer limit would refuse the largest body.
				"spring.http.codecs.max-in-memory-size=4MB",
				// Let the origin's Cache-Control set freshness, as the Apache and OkHttp caches do.
				"http.cache.cache-control=true", "http.cache.redis.key-prefix=bench-" + UUID.randomUUID() + ":",
				// A bound, not a cost: on a loaded machine the default 250 ms would turn slow store calls
				// into misses and the scenarios would stop measuring what they say.
				"http.cache.redis.timeout=5s"));
		switch (store) {
			case REDIS -> properties.add("http.cache.store=redis");
			case MEMORY -> properties.add("http.cache.store=memory");
			case NONE -> properties.add("http.cache.enabled=false");
		}
		properties.addAll(List.of(extraProperties));
		return new SpringApplicationBuilder(BenchmarkApplication.class).web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
			.run();
	}

}
