package io.github.httpcache.sample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard at {@code /} is a static page with a plain script: both are served, and the script reads
 * the Actuator paths and offers the demo scenarios that exist. Serving static files needs no Redis, so
 * this test runs the sample with the in-memory store.
 */
class SampleDashboardTests {

	private static ConfigurableApplicationContext context;

	private static RestClient http;

	@BeforeAll
	static void startSample() {
		context = new SpringApplication(SampleApplication.class).run("--server.port=0", "--http.cache.store=memory");
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		http = RestClient.create("http://127.0.0.1:" + port);
	}

	@AfterAll
	static void stopSample() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void dashboardPageIsServedAtTheRoot() {
		ResponseEntity<String> page = http.get().uri("/").accept(MediaType.TEXT_HTML).retrieve().toEntity(String.class);
		assertThat(page.getStatusCode().value()).isEqualTo(200);
		assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
		assertThat(page.getBody()).contains("<title>HTTP cache for Spring Boot")
			.contains("<script src=\"dashboard.js\"></script>")
			.contains("href=\"dashboard.css\"");
	}

	@Test
	void dashboardScriptAndStylesAreServed() {
		ResponseEntity<String> script = http.get().uri("/dashboard.js").retrieve().toEntity(String.class);
		assertThat(script.getStatusCode().value()).isEqualTo(200);
		assertThat(script.getHeaders().getContentType().toString()).contains("javascript");
		ResponseEntity<String> styles = http.get().uri("/dashboard.css").retrieve().toEntity(String.class);
		assertThat(styles.getStatusCode().value()).isEqualTo(200);
		assertThat(styles.getHeaders().getContentType().toString()).startsWith("text/css");
	}

	@Test
	void dashboardScriptPollsTheCacheMetricAndEndpoint() {
		String script = http.get().uri("/dashboard.js").retrieve().body(String.class);
		assertThat(script).contains("'actuator/metrics/http.client.cache.requests'")
			.contains("'?tag=result:'")
			.contains("'actuator/metrics/http.client.cache.store.latency'")
			.contains("'actuator/httpcache'")
			.contains("'demo/calls'")
			.contains("'demo/history'")
			.contains("No data yet");
	}

	@Test
	void theLastCallsOfAnyClientAreServedForTheDashboard() {
		http.get().uri("/demo/rest-template/immutable").retrieve().toBodilessEntity();
		String calls = http.get().uri("/demo/calls").retrieve().body(String.class);
		assertThat(calls).contains("\"client\":\"RestTemplate\"")
			.contains("\"scenario\":\"immutable\"")
			.contains("\"cacheStatus\":\"http-cache; fwd=uri-miss; stored\"")
			.contains("\"time\":");
	}

	@Test
	void historyIsSampledFromTheMetersOnTheServer() {
		String history = http.get().uri("/demo/history").retrieve().body(String.class);
		assertThat(history).as("sampled at start-up, before any page asked").startsWith("[{\"time\":")
			.contains("\"requests\":{")
			.contains("\"hit\":")
			.contains("\"hitRatio\":")
			.contains("\"storeGetMillis\":")
			.contains("\"byCache\":{\"http-cache\":{");
	}

	@Test
	void dashboardShowsEveryPolicyByTheCacheTag() {
		String page = http.get().uri("/").retrieve().body(String.class);
		String script = http.get().uri("/dashboard.js").retrieve().body(String.class);
		assertThat(page).contains("id=\"policies\"");
		assertThat(script).contains("tag.tag === 'cache'").contains("?tag=cache:");
	}

	@Test
	void dashboardOffersEveryDemoScenarioAndClient() {
		String script = http.get().uri("/dashboard.js").retrieve().body(String.class);
		DemoController.SCENARIOS.forEach((scenario) -> assertThat(script).contains("id: '" + scenario + "'"));
		DemoController.CLIENTS.forEach((client) -> assertThat(script).contains("id: '" + client + "'"));
	}

}
