package io.github.httpcache.sample;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.NoOpResponseErrorHandler;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Calls the simulated upstream ({@link UpstreamController}) through a {@code RestClient}, a
 * {@code RestTemplate} and a {@code WebClient}, each built from Spring Boot's auto-configured builder so
 * that the starter caches it, and answers with the upstream's status and body, the {@code Cache-Status}
 * the call got and the time it took: {@code GET /demo/{client}/{scenario}}.
 * <p>
 * Each client calls its own URL ({@code /upstream/{scenario}?client={client}}), so each shows its own
 * first miss. With {@code ?shared=true} every client calls the same URL and shares its entries: the cache
 * key is the request, not the client.
 */
@RestController
@RequestMapping("/demo")
class DemoController {

	/** The upstream endpoints, one per caching behaviour. */
	static final List<String> SCENARIOS = List.of("slow", "etag", "last-modified", "max-age", "no-store",
			"immutable", "vary", "flaky");

	/** The clients, as they appear in demo URLs. */
	static final List<String> CLIENTS = List.of("rest-client", "rest-template", "web-client");

	private final RestClient restClient;

	private final RestTemplate restTemplate;

	private final WebClient webClient;

	private final JsonMapper jsonMapper;

	private final Environment environment;

	private final RecentCalls recentCalls;

	private final MeterHistory meterHistory;

	DemoController(RestClient.Builder restClientBuilder, RestTemplateBuilder restTemplateBuilder,
			WebClient.Builder webClientBuilder, JsonMapper jsonMapper, Environment environment, RecentCalls recentCalls,
			MeterHistory meterHistory) {
		this.restClient = restClientBuilder.build();
		// Error statuses are part of the demo (the flaky upstream): report them, do not throw.
		this.restTemplate = restTemplateBuilder.errorHandler(new NoOpResponseErrorHandler()).build();
		this.webClient = webClientBuilder.build();
		this.jsonMapper = jsonMapper;
		this.environment = environment;
		this.recentCalls = recentCalls;
		this.meterHistory = meterHistory;
	}

	/** The last demo calls from any client (the dashboard, {@code curl}, tests), newest first. */
	@GetMapping("/calls")
	List<RecentCalls.RecordedCall> calls() {
		return this.recentCalls.latest();
	}

	/** The cache's meters sampled over the last half hour, oldest first, for the dashboard's charts. */
	@GetMapping("/history")
	List<MeterHistory.Sample> history() {
		return this.meterHistory.samples();
	}

	/** What the demo offers, for the dashboard and for curious {@code curl} users. */
	@GetMapping
	Map<String, Object> index() {
		return Map.of("clients", CLIENTS, "scenarios", SCENARIOS, "example", "/demo/rest-client/max-age", "calls",
				"/demo/calls: the last calls from any client", "history", "/demo/history: the meters over time",
				"options", Map.of("lang", "Accept-Language sent to the vary scenario (default en)", "fail",
						"true makes the flaky upstream answer 503", "shared",
						"true makes every client call the same upstream URL, so they share stored responses"));
	}

	/** The README's first demo: the slow upstream through {@code RestClient}. */
	@GetMapping("/rest-client")
	ResponseEntity<DemoCall> restClient() {
		URI uri = upstreamUri("/upstream/slow").build().toUri();
		return respond(timed("RestClient", "slow", uri, () -> viaRestClient(uri, new HttpHeaders())));
	}

	/** A scenario through the {@code RestClient} built from Spring Boot's {@code RestClient.Builder}. */
	@GetMapping("/rest-client/{scenario}")
	ResponseEntity<DemoCall> restClient(@PathVariable String scenario, @RequestParam(defaultValue = "en") String lang,
			@RequestParam(defaultValue = "false") boolean fail,
			@RequestParam(defaultValue = "false") boolean shared) {
		URI uri = upstream("rest-client", scenario, shared);
		HttpHeaders headers = requestHeaders(scenario, lang, fail);
		return respond(timed("RestClient", scenario, uri, () -> viaRestClient(uri, headers)));
	}

	/** A scenario through the {@code RestTemplate} built from Spring Boot's {@code RestTemplateBuilder}. */
	@GetMapping("/rest-template/{scenario}")
	ResponseEntity<DemoCall> restTemplate(@PathVariable String scenario,
			@RequestParam(defaultValue = "en") String lang, @RequestParam(defaultValue = "false") boolean fail,
			@RequestParam(defaultValue = "false") boolean shared) {
		URI uri = upstream("rest-template", scenario, shared);
		HttpHeaders headers = requestHeaders(scenario, lang, fail);
		return respond(timed("RestTemplate", scenario, uri,
				() -> this.restTemplate.exchange(uri, HttpMethod.GET, new HttpEntity<>(headers), String.class)));
	}

	/** A scenario through the {@code WebClient} built from Spring Boot's {@code WebClient.Builder}, without blocking. */
	@GetMapping("/web-client/{scenario}")
	Mono<ResponseEntity<DemoCall>> webClient(@PathVariable String scenario,
			@RequestParam(defaultValue = "en") String lang, @RequestParam(defaultValue = "false") boolean fail,
			@RequestParam(defaultValue = "false") boolean shared) {
		URI uri = upstream("web-client", scenario, shared);
		HttpHeaders headers = requestHeaders(scenario, lang, fail);
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return this.webClient.get()
				.uri(uri)
				.headers((target) -> target.addAll(headers))
				.exchangeToMono((response) -> response.toEntity(String.class))
				.map((upstream) -> call("WebClient", scenario, uri, upstream, start))
				.onErrorResume((ex) -> Mono.just(failed("WebClient", scenario, uri, ex, start)));
		}).map(this::respond);
	}

	private ResponseEntity<String> viaRestClient(URI uri, HttpHeaders headers) {
		return this.restClient.get()
			.uri(uri)
			.headers((target) -> target.addAll(headers))
			.retrieve()
			// Error statuses are part of the demo (the flaky upstream): report them, do not throw.
			.onStatus(HttpStatusCode::isError, (request, response) -> {
			})
			.toEntity(String.class);
	}

	private DemoCall timed(String client, String scenario, URI uri, Supplier<ResponseEntity<String>> exchange) {
		long start = System.nanoTime();
		try {
			return call(client, scenario, uri, exchange.get(), start);
		}
		catch (RestClientException ex) {
			return failed(client, scenario, uri, ex, start);
		}
	}

	private DemoCall call(String client, String scenario, URI uri, ResponseEntity<String> upstream, long start) {
		long millis = (System.nanoTime() - start) / 1_000_000;
		HttpHeaders headers = upstream.getHeaders();
		return new DemoCall(client, scenario, uri.toString(), upstream.getStatusCode().value(),
				headers.getFirst("Cache-Status"), headers.getFirst(HttpHeaders.AGE), millis, json(upstream.getBody()));
	}

	/** The upstream could not be reached at all (the cache passes such failures on). */
	private DemoCall failed(String client, String scenario, URI uri, Throwable ex, long start) {
		long millis = (System.nanoTime() - start) / 1_000_000;
		return new DemoCall(client, scenario, uri.toString(), HttpStatus.BAD_GATEWAY.value(), null, null, millis,
				Map.of("error", String.valueOf(ex.getMessage())));
	}

	/** The call as JSON, with the upstream's {@code Cache-Status} repeated as a header for {@code curl -i}. */
	private ResponseEntity<DemoCall> respond(DemoCall call) {
		this.recentCalls.record(call);
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (call.cacheStatus() != null) {
			response.header("Cache-Status", call.cacheStatus());
		}
		return response.body(call);
	}

	/** The upstream body as JSON when it is JSON, else as text. */
	private @Nullable Object json(@Nullable String body) {
		if (body == null || body.isBlank()) {
			return null;
		}
		try {
			return this.jsonMapper.readValue(body, Object.class);
		}
		catch (JacksonException ex) {
			return body;
		}
	}

	private static HttpHeaders requestHeaders(String scenario, String lang, boolean fail) {
		HttpHeaders headers = new HttpHeaders();
		if (scenario.equals("vary")) {
			headers.set(HttpHeaders.ACCEPT_LANGUAGE, lang);
		}
		if (fail) {
			headers.set(UpstreamController.FAIL_HEADER, "true");
		}
		return headers;
	}

	/**
	 * The upstream URL a client calls: its own ({@code ?client=}), or with {@code shared} the one URL
	 * every client calls, so that what one client stored is a hit for the others.
	 */
	private URI upstream(String client, String scenario, boolean shared) {
		if (!SCENARIOS.contains(scenario)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND,
					"Unknown scenario '" + scenario + "'; try one of " + SCENARIOS);
		}
		UriComponentsBuilder uri = upstreamUri("/upstream/" + scenario);
		return (shared ? uri : uri.queryParam("client", client)).build().toUri();
	}

	private UriComponentsBuilder upstreamUri(String path) {
		return UriComponentsBuilder.fromUriString("http://127.0.0.1:" + this.environment.getProperty("local.server.port"))
			.path(path);
	}

	/**
	 * One demo call.
	 *
	 * @param client the client that made the call
	 * @param scenario the upstream endpoint called
	 * @param url the URL called
	 * @param status the status the client received
	 * @param cacheStatus the {@code Cache-Status} the client received, {@code null} when the call did not
	 * pass through the cache
	 * @param age the {@code Age} the client received, set when the response came from the store
	 * @param millis how long the call took
	 * @param upstreamBody the body the client received
	 */
	record DemoCall(String client, String scenario, String url, int status, @Nullable String cacheStatus,
			@Nullable String age, long millis, @Nullable Object upstreamBody) {

	}

}
