package io.github.httpcache.sample;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the sample as the README's command does (with its embedded Redis fallback) and proves that
 * the second call of the demo endpoint is served from Redis.
 */
class SampleApplicationTests {

	@Test
	void secondDemoCallIsAHit() {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.addListeners(new EmbeddedRedisFallback());
		// A port nothing listens on, so the embedded fallback starts its own server whatever runs on the default port.
		try (ConfigurableApplicationContext context = application.run("--server.port=0",
				"--spring.data.redis.port=1",
				// A generous store bound: a loaded CI machine must not turn the first read into a miss.
				"--http.cache.redis.timeout=2s")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			RestClient client = RestClient.create("http://127.0.0.1:" + port);
			ResponseEntity<Map> first = client.get().uri("/demo/rest-client").retrieve().toEntity(Map.class);
			ResponseEntity<Map> second = client.get().uri("/demo/rest-client").retrieve().toEntity(Map.class);
			assertThat(first.getBody().get("cacheStatus")).asString().contains("fwd=uri-miss");
			assertThat(second.getBody().get("cacheStatus")).asString().startsWith("http-cache; hit");
		}
	}

}
