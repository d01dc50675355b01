package io.github.httpcache.policy;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.github.httpcache.HttpCacheRequest;
import io.github.httpcache.autoconfigure.HttpCacheAutoConfiguration;
import io.github.httpcache.autoconfigure.HttpCacheMetricsAutoConfiguration;
import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.MutableClock;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.service.ReactiveHttpServiceClientAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.HttpServiceGroup;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Named policies, {@code http.cache.clients.<name>.*}, over a real origin and a real Redis: the clients
 * of an HTTP service group (real {@code @ImportHttpServices} interface clients, on RestClient and on
 * WebClient) and clients that opt in by name (all three kinds) are cached under their policy's
 * settings, apart from the default policy's entries, and counted under the policy's name.
 */
class NamedPolicyEndToEndTests {

	private TestOrigin origin;

	private final MutableClock clock = new MutableClock();

	@BeforeEach
	void startOrigin() {
		this.origin = TestOrigin.start().otherwise((request) -> Reply.ok("body of " + request.uri()));
	}

	@AfterEach
	void stopOrigin() {
		this.origin.close();
	}

	private ApplicationContextRunner withPolicies() {
		return CacheContexts.withRedis()
			.withConfiguration(AutoConfigurations.of(HttpServiceClientPropertiesAutoConfiguration.class,
					HttpServiceClientAutoConfiguration.class, ReactiveHttpServiceClientAutoConfiguration.class,
					HttpCacheMetricsAutoConfiguration.class))
			.withBean(HttpCacheAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> this.clock)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("http.cache.expire-after=10m", "http.cache.clients.github.expire-after=1m",
					"spring.http.serviceclient.github.base-url=" + this.origin.url(""),
					"spring.http.serviceclient.reactive-github.base-url=" + this.origin.url(""),
					"http.cache.clients.reactive-github.expire-after=1m");
	}

	@ParameterizedTest
	@EnumSource(names = { "REST_CLIENT", "WEB_CLIENT" })
	void httpServiceGroupClientsAreCachedUnderTheGroupsPolicyApartFromTheDefault(ClientKind kind) {
		withPolicies().withUserConfiguration(GroupClients.class).run((context) -> {
			Greetings group = (kind == ClientKind.REST_CLIENT) ? context.getBean(GithubGreetings.class)
					: context.getBean(ReactiveGithubGreetings.class);
			String policy = (kind == ClientKind.REST_CLIENT) ? "github" : "reactive-github";
			Client plain = kind.create(context);
			assertThat(group.greeting().getHeaders().getFirst("Cache-Status"))
				.isEqualTo(policy + "; fwd=uri-miss; stored");
			assertThat(group.greeting().getHeaders().getFirst("Cache-Status")).startsWith(policy + "; hit");
			assertThat(this.origin.requestCount()).isEqualTo(1);
			// The same URL through a client of the default policy: its own entry, not the group's.
			assertThat(plain.get(this.origin.url("/greeting")).cacheStatus())
				.isEqualTo("http-cache; fwd=uri-miss; stored");
			assertThat(this.origin.requestCount()).isEqualTo(2);
			this.clock.advance(Duration.ofMinutes(2));
			// The group's 1m has passed; the default's 10m has not.
			assertThat(group.greeting().getHeaders().getFirst("Cache-Status")).startsWith(policy + "; fwd=");
			assertThat(this.origin.requestCount()).isEqualTo(3);
			assertThat(plain.get(this.origin.url("/greeting")).cacheStatus()).startsWith("http-cache; hit");
			assertThat(this.origin.requestCount()).isEqualTo(3);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aBuilderThatOptsInByNameIsCachedUnderThatPolicy(ClientKind kind) {
		withPolicies().run((context) -> {
			OptedIn github = optIn(kind, context, "github");
			assertThat(github.get(this.origin.url("/a"))).isEqualTo("github; fwd=uri-miss; stored");
			assertThat(github.get(this.origin.url("/a"))).startsWith("github; hit");
			this.clock.advance(Duration.ofMinutes(2));
			assertThat(github.get(this.origin.url("/a"))).startsWith("github; fwd=");
			assertThat(this.origin.requestCount()).isEqualTo(2);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("http.client.cache.requests").tag("cache", "github").tag("result", "hit").counter()
				.count()).isEqualTo(1);
			assertThat(meters.get("http.client.cache.requests").tag("cache", "http-cache").tag("result", "hit")
				.counter().count()).isZero();
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aNamedPolicyIsServedFromTheNearTierToo(ClientKind kind) {
		withPolicies().withPropertyValues("http.cache.near.enabled=true").run((context) -> {
			OptedIn github = optIn(kind, context, "github");
			assertThat(github.get(this.origin.url("/a"))).isEqualTo("github; fwd=uri-miss; stored");
			// The near tier serves once its invalidation channel is listening.
			Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(20))
				.untilAsserted(() -> assertThat(github.get(this.origin.url("/a"))).startsWith("github; hit")
					.endsWith("detail=near"));
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

	@ParameterizedTest
	@EnumSource(names = { "REST_CLIENT", "WEB_CLIENT" })
	void aRequestSelectsAPolicyByAttribute(ClientKind kind) {
		withPolicies().run((context) -> {
			Client client = kind.create(context);
			Result first = client.get(this.origin.url("/a"), HttpCacheRequest.policy("github"));
			Result second = client.get(this.origin.url("/a"), HttpCacheRequest.policy("github"));
			Result plain = client.get(this.origin.url("/a"));
			assertThat(first.cacheStatus()).isEqualTo("github; fwd=uri-miss; stored");
			assertThat(second.cacheStatus()).startsWith("github; hit");
			assertThat(plain.cacheStatus()).isEqualTo("http-cache; fwd=uri-miss; stored");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(names = { "REST_CLIENT", "WEB_CLIENT" })
	void anUnknownPolicyNameIsCachedUnderTheDefaultPolicy(ClientKind kind) {
		withPolicies().run((context) -> {
			Client client = kind.create(context);
			client.get(this.origin.url("/a"), HttpCacheRequest.policy("nobody"));
			Result second = client.get(this.origin.url("/a"), HttpCacheRequest.policy("nobody"));
			assertThat(second.status()).isEqualTo(200);
			assertThat(second.cacheStatus()).startsWith("http-cache; hit");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aDisabledPolicyLeavesItsClientsUncached(ClientKind kind) {
		withPolicies().withPropertyValues("http.cache.clients.github.enabled=false").run((context) -> {
			OptedIn github = optIn(kind, context, "github");
			github.get(this.origin.url("/a"));
			assertThat(github.get(this.origin.url("/a"))).isEqualTo("github; fwd=bypass");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@Test
	void anInvalidPolicySettingFailsStartUpNamingThePolicyProperty() {
		withPolicies().withPropertyValues("http.cache.clients.github.expire-after=soon").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("http.cache.clients.github.expire-after")
				.hasMessageContaining("soon");
		});
	}

	/** A client built from Spring Boot's builder that opts in to a policy by name; answers Cache-Status. */
	private static OptedIn optIn(ClientKind kind, ApplicationContext context, String policy) {
		return switch (kind) {
			case REST_CLIENT -> {
				RestClient client = context.getBean(RestClient.Builder.class)
					.defaultRequest((request) -> request.attributes(HttpCacheRequest.policy(policy)))
					.build();
				yield (url) -> client.get().uri(url).retrieve().toEntity(String.class).getHeaders().getFirst("Cache-Status");
			}
			case WEB_CLIENT -> {
				WebClient client = context.getBean(WebClient.Builder.class)
					.defaultRequest((request) -> request.attributes(HttpCacheRequest.policy(policy)))
					.build();
				yield (url) -> client.get().uri(url).retrieve().toEntity(String.class).block(Duration.ofSeconds(30))
					.getHeaders().getFirst("Cache-Status");
			}
			case REST_TEMPLATE -> {
				RestTemplate template = context.getBean(RestTemplateBuilder.class)
					.additionalInterceptors((request, body, execution) -> {
						request.getAttributes().put(HttpCacheRequest.POLICY, policy);
						return execution.execute(request, body);
					})
					.build();
				yield (url) -> template.getForEntity(url, String.class).getHeaders().getFirst("Cache-Status");
			}
		};
	}

	@FunctionalInterface
	interface OptedIn {

		String get(String url);

	}

	interface Greetings {

		ResponseEntity<String> greeting();

	}

	interface GithubGreetings extends Greetings {

		@Override
		@GetExchange("/greeting")
		ResponseEntity<String> greeting();

	}

	interface ReactiveGithubGreetings extends Greetings {

		@Override
		@GetExchange("/greeting")
		ResponseEntity<String> greeting();

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "github", types = GithubGreetings.class)
	@ImportHttpServices(group = "reactive-github", types = ReactiveGithubGreetings.class,
			clientType = HttpServiceGroup.ClientType.WEB_CLIENT)
	static class GroupClients {

	}

}
