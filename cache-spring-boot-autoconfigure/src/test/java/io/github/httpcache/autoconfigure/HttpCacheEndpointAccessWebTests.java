package io.github.httpcache.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import io.github.httpcache.test.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code httpcache} endpoint's default access, over HTTP: exposing it lets anyone who reaches the
 * management port read it, but evicting and clearing stay off until
 * {@code management.endpoint.httpcache.access=unrestricted}.
 */
@SpringBootTest(classes = HttpCacheEndpointAccessWebTests.Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=httpcache")
class HttpCacheEndpointAccessWebTests {

	private static final String PREFIX = "endpoint-access-" + UUID.randomUUID() + ":";

	private static TestOrigin origin;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		TestRedis redis = TestRedis.get();
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
		registry.add("http.cache.redis.key-prefix", () -> PREFIX);
		// A generous store bound, as CacheContexts gives: a loaded machine must not turn the first write into a timeout.
		registry.add("http.cache.redis.timeout", () -> "5s");
	}

	@BeforeAll
	static void startOrigin() {
		origin = TestOrigin.start().otherwise((request) -> Reply.ok("body of " + request.uri()));
	}

	@AfterAll
	static void stopOrigin() {
		origin.close();
	}

	@Test
	void readsAreAllowedButEvictAndClearAreNotByDefault() throws Exception {
		RestClient client = this.restClientBuilder.build();
		client.get().uri(origin.url("/kept")).retrieve().body(String.class);
		String entries = "/actuator/httpcache/entries?url=" + URLEncoder.encode(origin.url("/kept"), StandardCharsets.UTF_8);
		assertThat(send("GET", "/actuator/httpcache").statusCode()).isEqualTo(200);
		assertThat(entryCount(send("GET", entries))).isEqualTo(1);

		assertThat(send("DELETE", "/actuator/httpcache?url=" + URLEncoder.encode(origin.url("/kept"), StandardCharsets.UTF_8))
			.statusCode()).isEqualTo(405);
		assertThat(send("DELETE", "/actuator/httpcache").statusCode()).isEqualTo(405);

		assertThat(entryCount(send("GET", entries))).as("nothing was evicted").isEqualTo(1);
		int before = origin.requestCount();
		client.get().uri(origin.url("/kept")).retrieve().body(String.class);
		assertThat(origin.requestCount()).as("still a hit").isEqualTo(before);
	}

	private static int entryCount(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JsonPath.parse(response.body()).read("$.entries.length()", Integer.class);
	}

	private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	// Spring Security is on the test class path (for its OAuth2 client); this application is not secured.
	@EnableAutoConfiguration(excludeName = {
			"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
			"org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration" })
	static class Application {

	}

}
