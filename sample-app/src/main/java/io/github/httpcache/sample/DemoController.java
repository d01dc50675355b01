package io.github.httpcache.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.env.Environment;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * Calls the upstream through a {@code RestClient} built from Spring Boot's builder (so the starter
 * caches it) and returns the upstream body with the {@code Cache-Status} it got and the time it took.
 */
@RestController
@RequestMapping("/demo")
class DemoController {

	private final RestClient restClient;

	private final Environment environment;

	DemoController(RestClient.Builder builder, Environment environment) {
		this.restClient = builder.build();
		this.environment = environment;
	}

	@GetMapping("/rest-client")
	ResponseEntity<Map<String, Object>> restClient() {
		long start = System.nanoTime();
		ResponseEntity<String> upstream = this.restClient.get().uri(upstream("/upstream/slow")).retrieve().toEntity(String.class);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("client", "RestClient");
		result.put("cacheStatus", upstream.getHeaders().getFirst("Cache-Status"));
		result.put("millis", (System.nanoTime() - start) / 1_000_000);
		result.put("upstreamBody", upstream.getBody());
		return ResponseEntity.ok()
			.header("Cache-Status", String.valueOf(upstream.getHeaders().getFirst("Cache-Status")))
			.body(result);
	}

	private String upstream(String path) {
		return "http://127.0.0.1:" + this.environment.getProperty("local.server.port") + path;
	}

}
