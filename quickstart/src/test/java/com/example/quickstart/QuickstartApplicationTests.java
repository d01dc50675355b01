package com.example.quickstart;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's quick start, run as README says: this module's pom, application.yml and class are the ones
 * README shows. Only the addresses differ: a redis-server this test starts on a free port instead of the
 * default local Redis, and
 * a local origin that counts requests instead of httpbin.org. Proves a hit, the Cache-Status header,
 * the two actuator URLs README points to, and health UP once Redis is gone.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class QuickstartApplicationTests {

    private static final AtomicInteger originRequests = new AtomicInteger();

    private static HttpServer origin;

    private static RedisServer redis;

    private static int redisPort;

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @BeforeAll
    static void start() throws IOException {
        origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin.createContext("/uuid", (exchange) -> {
            originRequests.incrementAndGet();
            byte[] body = ("{\"uuid\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        origin.start();
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            redisPort = socket.getLocalPort();
        }
        redis = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1").setting("save \"\"").build();
        redis.start();
    }

    @AfterAll
    static void stop() throws IOException {
        origin.stop(0);
        if (redis.isActive()) {
            redis.stop();
        }
    }

    @DynamicPropertySource
    static void addresses(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", () -> redisPort);
        registry.add("quickstart.upstream", () -> "http://127.0.0.1:" + origin.getAddress().getPort());
    }

    @Test
    void theSecondCallIsAHitAndHealthStaysUpWithoutRedis() throws Exception {
        HttpResponse<String> first = get("/uuid");
        HttpResponse<String> second = get("/uuid");
        assertThat(first.headers().firstValue("Cache-Status")).hasValue("http-cache; fwd=uri-miss; stored");
        assertThat(second.headers().firstValue("Cache-Status").orElseThrow()).startsWith("http-cache; hit; ttl=");
        assertThat(second.body()).as("the stored response").isEqualTo(first.body());
        assertThat(originRequests.get()).as("requests that reached the origin").isEqualTo(1);

        assertThat(get("/actuator/metrics/http.client.cache.requests?tag=result:hit").body())
            .contains("\"value\":1.0");
        assertThat(get("/actuator/httpcache").body()).contains("\"store\":\"redis\"").contains("\"hit\":1");

        redis.stop();
        HttpResponse<String> withoutRedis = get("/uuid");
        assertThat(withoutRedis.statusCode()).isEqualTo(200);
        assertThat(withoutRedis.headers().firstValue("Cache-Status").orElseThrow())
            .endsWith("detail=store-unavailable");
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).startsWith("{\"components\"").contains("\"status\":\"UP\"")
            .contains("\"degraded\":true");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
