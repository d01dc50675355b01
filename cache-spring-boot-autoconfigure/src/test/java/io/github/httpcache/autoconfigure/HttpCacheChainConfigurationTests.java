package io.github.httpcache.autoconfigure;

import java.time.Duration;

import io.github.httpcache.client.CachingClientHttpRequestInterceptor;
import io.github.httpcache.client.CachingExchangeFilterFunction;
import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where auto-configuration puts the cache: in the request factories and connectors Spring Boot's
 * builders are given, including the application's own beans of those kinds; the builders' interceptor
 * and filter lists hold only the checks.
 */
class HttpCacheChainConfigurationTests {

	private TestOrigin origin;

	@BeforeEach
	void startOrigin() {
		this.origin = TestOrigin.start().otherwise((request) -> Reply.ok("body"));
	}

	@AfterEach
	void stopOrigin() {
		this.origin.close();
	}

	@Test
	void buildersHoldOnlyTheChecksInTheirLists() {
		CacheContexts.withRedis().run((context) -> {
			CachingClientHttpRequestInterceptor interceptor = context.getBean(CachingClientHttpRequestInterceptor.class);
			context.getBean(RestClient.Builder.class).requestInterceptors((interceptors) -> assertThat(interceptors)
				.containsOnlyOnce(interceptor.requestFactoryCheck())
				.doesNotContain(interceptor));
			assertThat(context.getBean(RestTemplateBuilder.class).build().getInterceptors())
				.containsOnlyOnce(interceptor.requestFactoryCheck());
		});
	}

	@Test
	void theApplicationsOwnRequestFactoryBuilderBeanCaches() {
		CacheContexts.withRedis().withUserConfiguration(OwnRequestFactoryBuilder.class).run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			client.get().uri(this.origin.url("/a")).retrieve().toBodilessEntity();
			String status = client.get().uri(this.origin.url("/a")).retrieve().toBodilessEntity().getHeaders()
				.getFirst("Cache-Status");
			assertThat(status).startsWith("http-cache; hit");
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

	@Test
	void theApplicationsOwnConnectorBeanCaches() {
		CacheContexts.withRedis().withUserConfiguration(OwnConnector.class).run((context) -> {
			WebClient client = context.getBean(WebClient.Builder.class).build();
			client.get().uri(this.origin.url("/a")).retrieve().toBodilessEntity().block(Duration.ofSeconds(30));
			String status = client.get().uri(this.origin.url("/a")).retrieve().toBodilessEntity()
				.block(Duration.ofSeconds(30)).getHeaders().getFirst("Cache-Status");
			assertThat(status).startsWith("http-cache; hit");
			assertThat(this.origin.requestCount()).isEqualTo(1);
			assertThat(context.getBean(CachingExchangeFilterFunction.class).wrap(context.getBean(ClientHttpConnector.class)))
				.as("the bean is already the caching connector").isSameAs(context.getBean(ClientHttpConnector.class));
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRequestFactoryBuilder {

		@Bean
		ClientHttpRequestFactoryBuilder<?> clientHttpRequestFactoryBuilder() {
			return ClientHttpRequestFactoryBuilder.simple();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnConnector {

		@Bean
		ClientHttpConnector clientHttpConnector() {
			return new JdkClientHttpConnector();
		}

	}

}
