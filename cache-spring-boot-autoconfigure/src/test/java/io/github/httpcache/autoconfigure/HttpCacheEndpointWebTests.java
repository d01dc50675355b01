package io.github.httpcache.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import io.github.httpcache.test.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code httpcache} endpoint and the meters over HTTP, in a web application with Actuator, a real
 * Redis and a real origin, as a user would call them.
 */
@SpringBootTest(classes = HttpCacheEndpointWebTests.Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=httpcache,metrics",
				"management.endpoint.httpcache.access=unrestricted" })
class HttpCacheEndpointWebTests {

	private static final String PREFIX = "endpoint-test-" + UUID.randomUUID() + ":";

	private static TestOrigin origin;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Autowired
	private RedisConnectionFactory redisConnectionFactory;

	private RestClient client;

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

	@BeforeEach
	void setUp() throws Exception {
		this.client = this.restClientBuilder.build();
		assertThat(send("DELETE", "/actuator/httpcache").statusCode()).isEqualTo(204);
	}

	@AfterEach
	void removeForeignKeys() {
		try (RedisConnection connection = this.redisConnectionFactory.getConnection()) {
			connection.keyCommands().del(bytes("foreign:key"));
		}
	}

	@Test
	void readShowsTheSettingsAndCounters() throws Exception {
		get("/read");
		get("/read");
		DocumentContext json = json(send("GET", "/actuator/httpcache"));
		assertThat(json.read("$.name", String.class)).isEqualTo("http-cache");
		assertThat(json.read("$.store", String.class)).isEqualTo("redis");
		assertThat(json.read("$.keyPrefix", String.class)).isEqualTo(PREFIX);
		assertThat(json.read("$.settings.expireAfter", String.class)).isEqualTo("never");
		assertThat(json.read("$.settings.allowableCodes[0]", Integer.class)).isEqualTo(200);
		// One JSON type per kind of setting: booleans are booleans, durations read as in application.yml.
		assertThat(json.read("$.settings.cacheControl", Object.class)).isEqualTo(false);
		assertThat(json.read("$.settings.staleIfError", Object.class)).isEqualTo(false);
		assertThat(json.read("$.settings.staleWhileRevalidate", Object.class)).isEqualTo(false);
		assertThat(json.read("$.settings.maxEntrySize", String.class)).isEqualTo("10MB");
		assertThat(json.read("$.counters.requests.hit", Long.class)).isGreaterThanOrEqualTo(1);
		assertThat(json.read("$.counters.requests.miss", Long.class)).isGreaterThanOrEqualTo(1);
	}

	@Test
	void lookupShowsWhatIsStoredForAUrlWithoutItsBody() throws Exception {
		origin.enqueue(Reply.ok("the body").header("ETag", "\"v1\"").header("Cache-Control", "public")
			.header("Set-Cookie", "session=s3cr3t"));
		get("/lookup");
		HttpResponse<String> response = send("GET", "/actuator/httpcache/entries?url=" + encode(origin.url("/lookup")));
		assertThat(response.statusCode()).isEqualTo(200);
		DocumentContext json = json(response);
		assertThat(json.read("$.url", String.class)).isEqualTo(origin.url("/lookup"));
		assertThat(json.read("$.entries.length()", Integer.class)).isEqualTo(1);
		assertThat(json.read("$.entries[0].status", Integer.class)).isEqualTo(200);
		assertThat(json.read("$.entries[0].method", String.class)).isEqualTo("GET");
		// the origin (the JDK's HttpServer) spells it Etag
		assertThat(json.read("$.entries[0].headers.Etag[0]", String.class)).isEqualTo("\"v1\"");
		assertThat(json.read("$.entries[0].created", String.class)).isNotBlank();
		// expire-after=never: Actuator leaves out null fields, so no "expires" means "never expires"
		assertThat(json.read("$.entries[0]", java.util.Map.class)).doesNotContainKey("expires").containsKey("responseTime");
		assertThat(response.body()).doesNotContain("the body").doesNotContain("s3cr3t");
	}

	@Test
	void lookupWithAnUnknownSelectorIsNotFound() throws Exception {
		assertThat(send("GET", "/actuator/httpcache/other?url=" + encode(origin.url("/x"))).statusCode())
			.isEqualTo(404);
	}

	@Test
	void deleteWithAUrlEvictsOnlyThatUrl() throws Exception {
		get("/evicted");
		get("/kept");
		int before = origin.requestCount();
		assertThat(send("DELETE", "/actuator/httpcache?url=" + encode(origin.url("/evicted"))).statusCode())
			.isEqualTo(204);
		assertThat(json(send("GET", "/actuator/httpcache/entries?url=" + encode(origin.url("/evicted"))))
			.read("$.entries.length()", Integer.class)).isZero();
		get("/kept");
		assertThat(origin.requestCount()).as("kept is still a hit").isEqualTo(before);
		get("/evicted");
		assertThat(origin.requestCount()).as("evicted goes to the origin").isEqualTo(before + 1);
	}

	@Test
	void deleteWithoutAUrlClearsOnlyKeysUnderThePrefix() throws Exception {
		get("/cleared");
		try (RedisConnection connection = this.redisConnectionFactory.getConnection()) {
			connection.stringCommands().set(bytes("foreign:key"), bytes("not ours"));
		}
		assertThat(keysUnderPrefix()).isNotEmpty();
		assertThat(send("DELETE", "/actuator/httpcache").statusCode()).isEqualTo(204);
		// The key secret stays, so that instances started after a clear key credentials as the running ones.
		assertThat(keysUnderPrefix()).containsExactly(PREFIX + "key-secret");
		try (RedisConnection connection = this.redisConnectionFactory.getConnection()) {
			assertThat(connection.stringCommands().get(bytes("foreign:key"))).isEqualTo(bytes("not ours"));
		}
	}

	@Test
	void metricsEndpointShowsTheRequestsByResult() throws Exception {
		get("/metrics");
		get("/metrics");
		HttpResponse<String> response = send("GET", "/actuator/metrics/http.client.cache.requests");
		System.out.println("GET /actuator/metrics/http.client.cache.requests -> " + response.body());
		DocumentContext json = json(response);
		assertThat(json.read("$.description", String.class)).isNotBlank();
		List<String> results = json.read("$.availableTags[?(@.tag == 'result')].values[*]");
		assertThat(results).contains("hit", "stale", "revalidated", "modified", "miss", "bypass", "error");
		DocumentContext hits = json(send("GET", "/actuator/metrics/http.client.cache.requests?tag=result:hit"));
		assertThat(hits.read("$.measurements[0].value", Double.class)).isGreaterThanOrEqualTo(1.0);
	}

	private String get(String path) {
		return this.client.get().uri(origin.url(path)).retrieve().body(String.class);
	}

	private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private List<String> keysUnderPrefix() {
		List<String> keys = new ArrayList<>();
		try (RedisConnection connection = this.redisConnectionFactory.getConnection();
				Cursor<byte[]> cursor = connection.keyCommands().scan(ScanOptions.scanOptions().match(PREFIX + "*").build())) {
			cursor.forEachRemaining((key) -> keys.add(new String(key, StandardCharsets.UTF_8)));
		}
		return keys;
	}

	private static DocumentContext json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JsonPath.parse(response.body());
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
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
