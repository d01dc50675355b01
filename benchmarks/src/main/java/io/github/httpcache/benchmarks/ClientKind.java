package io.github.httpcache.benchmarks;

import java.util.function.Function;

import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The three Spring clients, each built from Spring Boot's auto-configured builder of the context, as
 * an application builds them: the starter caches them exactly when its auto-configuration attaches to
 * those builders. Each reads the body as a {@code byte[]} (no JSON binding), so the clients, the
 * baseline and the peers do the same work, and each passes the URL as a string, as applications do
 * (Spring's URI template handling is part of every client call measured, the baseline's too).
 */
public enum ClientKind {

	REST_CLIENT((context) -> {
		RestClient client = context.getBean(RestClient.Builder.class).build();
		return (url) -> client.get().uri(url).retrieve().body(byte[].class);
	}),

	REST_TEMPLATE((context) -> {
		RestTemplate template = context.getBean(RestTemplateBuilder.class).build();
		return (url) -> template.getForObject(url, byte[].class);
	}),

	WEB_CLIENT((context) -> {
		WebClient client = context.getBean(WebClient.Builder.class).build();
		return (url) -> client.get().uri(url).retrieve().bodyToMono(byte[].class).block();
	});

	private final Function<ApplicationContext, Caller> factory;

	ClientKind(Function<ApplicationContext, Caller> factory) {
		this.factory = factory;
	}

	/** A client of this kind built from the context's builder. */
	Caller build(ApplicationContext context) {
		return this.factory.apply(context);
	}

	/** One {@code GET} of a URL, answering the body. */
	@FunctionalInterface
	interface Caller {

		byte[] get(String url);

	}

}
