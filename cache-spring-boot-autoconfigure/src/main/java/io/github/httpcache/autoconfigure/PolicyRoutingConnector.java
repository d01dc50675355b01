package io.github.httpcache.autoconfigure;

import java.net.URI;
import java.util.Map;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import io.github.httpcache.HttpCacheRequest;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * Sends each WebClient request through the caching connector of its policy. A connector sees no
 * request attributes before it runs the request, so {@link #POLICY_FILTER} (added to Spring Boot's
 * builders) copies the {@link HttpCacheRequest#POLICY} attribute into the Reactor context, which this
 * connector reads when the exchange is subscribed.
 */
final class PolicyRoutingConnector implements ClientHttpConnector {

	/** Copies the request's policy attribute into the exchange's Reactor context. */
	static final ExchangeFilterFunction POLICY_FILTER = (request, next) -> {
		Object policy = request.attribute(HttpCacheRequest.POLICY).orElse(null);
		return (policy != null) ? next.exchange(request).contextWrite((context) -> context.put(HttpCacheRequest.POLICY, policy))
				: next.exchange(request);
	};

	private final ClientHttpConnector defaultConnector;

	private final Map<String, ClientHttpConnector> policies;

	private final UnknownPolicies unknown;

	PolicyRoutingConnector(ClientHttpConnector defaultConnector, Map<String, ClientHttpConnector> policies,
			UnknownPolicies unknown) {
		this.defaultConnector = defaultConnector;
		this.policies = policies;
		this.unknown = unknown;
	}

	@Override
	public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		return Mono.deferContextual((context) -> {
			Object policy = context.getOrDefault(HttpCacheRequest.POLICY, null);
			ClientHttpConnector target = this.defaultConnector;
			if (policy != null) {
				target = this.policies.get(policy.toString());
				if (target == null) {
					this.unknown.warn(policy.toString());
					target = this.defaultConnector;
				}
			}
			return target.connect(method, uri, requestCallback);
		});
	}

}
