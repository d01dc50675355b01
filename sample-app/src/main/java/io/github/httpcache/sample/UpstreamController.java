package io.github.httpcache.sample;

import java.time.Instant;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A simulated upstream API on the same server, slow enough that a cache hit shows. */
@RestController
@RequestMapping("/upstream")
class UpstreamController {

	@GetMapping("/slow")
	ResponseEntity<Map<String, Object>> slow() throws InterruptedException {
		Thread.sleep(300);
		return ResponseEntity.ok()
			.eTag("\"v1\"")
			.body(Map.of("message", "Hello from a slow upstream", "generatedAt", Instant.now().toString()));
	}

}
