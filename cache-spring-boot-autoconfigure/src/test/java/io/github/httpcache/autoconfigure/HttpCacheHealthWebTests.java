package io.github.httpcache.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import io.github.httpcache.test.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health over HTTP, as an operator's probe sees it, in a web application with Actuator: the
 * {@code httpcache} contributor tells how the cache is doing, and a Redis that only serves the cache
 * never makes the application {@code DOWN}; with {@code store=memory} nothing connects to Redis at all.
 */
class HttpCacheHealthWebTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<ConfigurableApplicationContext> applications = new ArrayList<>();

	private TestOrigin origin;

	@BeforeEach
	void startOrigin() {
		this.origin = TestOrigin.start().otherwise((request) -> Reply.ok("body").header("Cache-Control", "max-age=60"));
	}

	@AfterEach
	void stop() {
		this.applications.forEach(ConfigurableApplicationContext::close);
		this.origin.close();
	}

	@Test
	void withRedisUpTheCacheIsUpAndNotDegraded() throws Exception {
		ConfigurableApplicationContext application = start(redisAt(TestRedis.get().host(), TestRedis.get().port()));
		callTwice(application);
		HttpResponse<String> health = get(application, "/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		DocumentContext json = JsonPath.parse(health.body());
		assertThat(json.read("$.status", String.class)).isEqualTo("UP");
		assertThat(json.read("$.components.httpcache.status", String.class)).isEqualTo("UP");
		assertThat(json.read("$.components.httpcache.details.store", String.class)).isEqualTo("redis");
		assertThat(json.read("$.components.httpcache.details.redis", String.class)).isEqualTo("up");
		assertThat(json.read("$.components.httpcache.details.circuitBreaker", String.class)).isEqualTo("closed");
		assertThat(json.read("$.components.httpcache.details.degraded", Boolean.class)).isFalse();
		assertThat(json.read("$.components", java.util.Map.class)).as("Boot's Redis indicator is off by default")
			.doesNotContainKey("redis");
	}

	@Test
	void withRedisDownTheApplicationIsUpAndTheCacheSaysItIsDegraded() throws Exception {
		ConfigurableApplicationContext application = start(redisAt("127.0.0.1", TestRedis.freePort()));
		HttpResponse<String> health = get(application, "/actuator/health");
		assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
		DocumentContext json = JsonPath.parse(health.body());
		assertThat(json.read("$.status", String.class)).isEqualTo("UP");
		assertThat(json.read("$.components.httpcache.status", String.class)).isEqualTo("UP");
		assertThat(json.read("$.components.httpcache.details.redis", String.class)).startsWith("unreachable");
		assertThat(json.read("$.components.httpcache.details.degraded", Boolean.class)).isTrue();

		callTwice(application);
		callTwice(application);
		json = JsonPath.parse(get(application, "/actuator/health").body());
		assertThat(json.read("$.status", String.class)).isEqualTo("UP");
		assertThat(json.read("$.components.httpcache.details.circuitBreaker", String.class))
			.as("after consecutive failures the cache skips Redis")
			.isEqualTo("open");
		assertThat(json.read("$.components.httpcache.details.redis", String.class)).isEqualTo("skipped");
		assertThat(json.read("$.components.httpcache.details.degraded", Boolean.class)).isTrue();
	}

	@Test
	void anApplicationThatNeedsRedisCanStillHaveBootsRedisIndicator() throws Exception {
		List<String> properties = new ArrayList<>(redisAt("127.0.0.1", TestRedis.freePort()));
		properties.add("management.health.redis.enabled=true");
		ConfigurableApplicationContext application = start(properties);
		HttpResponse<String> health = get(application, "/actuator/health");
		assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
		assertThat(JsonPath.parse(health.body()).read("$.components.redis.status", String.class)).isEqualTo("DOWN");
	}

	@Test
	void withTheMemoryStoreNothingConnectsToRedis() throws Exception {
		AtomicInteger connections = new AtomicInteger();
		try (ServerSocket redis = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread acceptor = new Thread(() -> {
				while (!redis.isClosed()) {
					try (Socket socket = redis.accept()) {
						connections.incrementAndGet();
					}
					catch (IOException ex) {
						return;
					}
				}
			});
			acceptor.setDaemon(true);
			acceptor.start();
			List<String> properties = new ArrayList<>(redisAt("127.0.0.1", redis.getLocalPort()));
			properties.add("http.cache.store=memory");
			ConfigurableApplicationContext application = start(properties);
			callTwice(application);
			HttpResponse<String> health = get(application, "/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			DocumentContext json = JsonPath.parse(health.body());
			assertThat(json.read("$.status", String.class)).isEqualTo("UP");
			assertThat(json.read("$.components.httpcache.details.store", String.class)).isEqualTo("memory");
			assertThat(json.read("$.components.httpcache.details.degraded", Boolean.class)).isFalse();
			assertThat(this.origin.requestCount()).as("the second call was a hit").isEqualTo(1);
			assertThat(connections.get()).as("connections to the configured Redis").isZero();
		}
	}

	private static List<String> redisAt(String host, int port) {
		return List.of("spring.data.redis.host=" + host, "spring.data.redis.port=" + port,
				"spring.data.redis.timeout=1s", "http.cache.redis.key-prefix=health-test-" + UUID.randomUUID() + ":",
				"http.cache.redis.timeout=1s", "http.cache.redis.circuit-breaker.cool-down=1h");
	}

	private ConfigurableApplicationContext start(List<String> properties) {
		List<String> all = new ArrayList<>(properties);
		all.addAll(List.of("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
				"management.endpoint.health.show-details=always", "management.endpoints.web.exposure.include=health"));
		ConfigurableApplicationContext application = new SpringApplicationBuilder(Application.class)
			.properties(all.toArray(String[]::new))
			.run();
		this.applications.add(application);
		return application;
	}

	private void callTwice(ConfigurableApplicationContext application) {
		RestClient client = application.getBean(RestClient.Builder.class).build();
		for (int i = 0; i < 2; i++) {
			assertThat(client.get().uri(this.origin.url("/a")).retrieve().body(String.class)).isEqualTo("body");
		}
	}

	private HttpResponse<String> get(ConfigurableApplicationContext application, String path) throws Exception {
		int port = ((WebServerApplicationContext) application).getWebServer().getPort();
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
