package io.github.httpcache.observation;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import brave.handler.MutableSpan;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;

import io.github.httpcache.HttpCacheRequest;
import io.github.httpcache.autoconfigure.HttpCacheAutoConfiguration;
import io.github.httpcache.client.CachingExchangeFilterFunction;
import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.MutableClock;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.AfterEach;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientObservationAutoConfiguration;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache in Spring Boot's observations, over every client, a real origin and a real Redis:
 * {@code http.cache.result} on {@code http.client.requests} (its timer and its span), a hit recorded
 * with the status the caller got, and each store call a {@code http.client.cache.store} observation
 * that is a child span of the request's span in a real (Brave) tracer.
 */
class ObservationEndToEndTests {

	private TestOrigin origin;

	private TracingTestSupport tracing;

	@BeforeEach
	void start() {
		this.origin = TestOrigin.start().otherwise((request) -> Reply.ok("body of " + request.uri()));
		this.tracing = new TracingTestSupport();
	}

	@AfterEach
	void stop() {
		this.origin.close();
		this.tracing.close();
	}

	private ApplicationContextRunner observed() {
		return CacheContexts.withRedis()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					RestClientObservationAutoConfiguration.class, RestTemplateObservationAutoConfiguration.class,
					WebClientObservationAutoConfiguration.class))
			.withBean(HttpCacheAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, MutableClock::new)
			.withBean(ObservationRegistry.class, () -> this.tracing.observations);
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void requestObservationCarriesTheCacheResultAndAHitIsRecordedAsTheCallerSawIt(ClientKind kind) {
		observed().run((context) -> {
			Client client = kind.create(context);
			client.get(this.origin.url("/a"));
			client.get(this.origin.url("/a"));
			assertThat(this.origin.requestCount()).isEqualTo(1);
			awaitRequestObservations(2);
			Timer miss = this.tracing.meters.find("http.client.requests").tag("http.cache.result", "miss").timer();
			Timer hit = this.tracing.meters.find("http.client.requests").tag("http.cache.result", "hit").timer();
			assertThat(miss).as("miss timer").isNotNull();
			assertThat(miss.count()).isEqualTo(1);
			assertThat(miss.getId().getTag("status")).isEqualTo("200");
			assertThat(hit).as("hit timer").isNotNull();
			assertThat(hit.count()).isEqualTo(1);
			assertThat(hit.getId().getTag("status")).isEqualTo("200");
			assertThat(hit.getId().getTag("outcome")).isEqualTo("SUCCESS");
			List<MutableSpan> requests = requestSpans();
			assertThat(requests).hasSize(2);
			assertThat(requests).extracting((span) -> span.tag("http.cache.result")).containsExactly("miss", "hit");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void eachStoreCallIsAnObservationAndAChildSpanOfTheRequest(ClientKind kind) {
		observed().run((context) -> {
			Client client = kind.create(context);
			client.get(this.origin.url("/a"));
			client.get(this.origin.url("/a"));
			awaitRequestObservations(2);
			TestObservationRegistryAssert.assertThat(this.tracing.observations)
				.hasObservationWithNameEqualTo("http.client.cache.store")
				.that()
				.hasLowCardinalityKeyValue("operation", "get")
				.hasLowCardinalityKeyValue("outcome", "success")
				.hasLowCardinalityKeyValue("cache", "http-cache");
			TestObservationRegistryAssert.assertThat(this.tracing.observations)
				.hasAnObservation((observation) -> observation.hasNameEqualTo("http.client.cache.store")
					.hasLowCardinalityKeyValue("operation", "put")
					.hasLowCardinalityKeyValue("outcome", "success"));
			List<MutableSpan> requests = requestSpans();
			List<MutableSpan> storeCalls = this.tracing.spans.stream()
				.filter(ObservationEndToEndTests::isStoreCall)
				.toList();
			assertThat(storeCalls).as("store spans").hasSizeGreaterThanOrEqualTo(3);
			List<String> requestIds = requests.stream().map(MutableSpan::id).toList();
			for (MutableSpan storeCall : storeCalls) {
				assertThat(storeCall.parentId()).as("parent of %s", storeCall.name()).isIn(requestIds);
				MutableSpan parent = requests.get(requestIds.indexOf(storeCall.parentId()));
				assertThat(storeCall.traceId()).isEqualTo(parent.traceId());
			}
			MutableSpan hitRequest = requests.get(1);
			assertThat(storeCalls.stream().filter((span) -> hitRequest.id().equals(span.parentId())))
				.extracting((span) -> span.tag("operation"))
				.containsExactly("get");
		});
	}

	@ParameterizedTest
	@EnumSource(names = { "REST_CLIENT", "WEB_CLIENT" })
	void aNamedPolicysStoreCallsCarryItsNameAsTheCacheTag(ClientKind kind) {
		observed().withPropertyValues("http.cache.clients.github.expire-after=1m").run((context) -> {
			Client client = kind.create(context);
			client.get(this.origin.url("/a"), HttpCacheRequest.policy("github"));
			client.get(this.origin.url("/a"), HttpCacheRequest.policy("github"));
			awaitRequestObservations(2);
			assertThat(requestSpans()).extracting((span) -> span.tag("http.cache.result")).containsExactly("miss", "hit");
			List<MutableSpan> storeCalls = this.tracing.spans.stream().filter(ObservationEndToEndTests::isStoreCall).toList();
			assertThat(storeCalls).isNotEmpty().allSatisfy((span) -> assertThat(span.tag("cache")).isEqualTo("github"));
			List<String> requestIds = requestSpans().stream().map(MutableSpan::id).toList();
			assertThat(storeCalls).allSatisfy((span) -> assertThat(span.parentId()).isIn(requestIds));
		});
	}

	@Test
	void webClientHitReadThroughRetrieveIsRecordedWithTheStatusTheCallerGot() {
		observed().run((context) -> {
			WebClient client = context.getBean(WebClient.Builder.class).build();
			for (int i = 0; i < 2; i++) {
				String body = client.get().uri(this.origin.url("/a")).retrieve().bodyToMono(String.class)
					.block(Duration.ofSeconds(30));
				assertThat(body).isEqualTo("body of /a");
			}
			assertThat(this.origin.requestCount()).isEqualTo(1);
			awaitRequestObservations(2);
			Timer hit = this.tracing.meters.find("http.client.requests").tag("http.cache.result", "hit").timer();
			assertThat(hit).as("hit timer").isNotNull();
			assertThat(hit.getId().getTag("status")).isEqualTo("200");
			assertThat(hit.getId().getTag("outcome")).isEqualTo("SUCCESS");
		});
	}

	@Test
	void hitOfAWebClientCachedByTheFilterIsRecordedWithTheStatusTheCallerGot() {
		observed().run((context) -> {
			// A client built by hand with the cache as a filter: a hit never reaches the client's last
			// filter, where the observation takes its response from.
			WebClient client = WebClient.builder()
				.filter(context.getBean(CachingExchangeFilterFunction.class))
				.observationRegistry(context.getBean(ObservationRegistry.class))
				.build();
			for (int i = 0; i < 2; i++) {
				client.get().uri(this.origin.url("/a")).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(30));
			}
			assertThat(this.origin.requestCount()).isEqualTo(1);
			awaitRequestObservations(2);
			Timer hit = this.tracing.meters.find("http.client.requests").tag("http.cache.result", "hit").timer();
			assertThat(hit).as("hit timer").isNotNull();
			assertThat(hit.getId().getTag("status")).isEqualTo("200");
			assertThat(hit.getId().getTag("outcome")).isEqualTo("SUCCESS");
		});
	}

	/**
	 * WebClient stops its observation when the caller's subscription ends, which can be just after
	 * {@code block()} returned: wait (bounded) for the request spans to finish.
	 */
	private void awaitRequestObservations(int count) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> requestSpans().size() >= count);
	}

	private List<MutableSpan> requestSpans() {
		return this.tracing.spans.stream().filter((span) -> span.tag("http.cache.result") != null).toList();
	}

	private static boolean isStoreCall(MutableSpan span) {
		return span.name() != null && span.name().startsWith("http-cache ");
	}

}
