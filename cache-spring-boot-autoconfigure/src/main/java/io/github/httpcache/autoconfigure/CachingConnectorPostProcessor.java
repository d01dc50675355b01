package io.github.httpcache.autoconfigure;

import io.github.httpcache.client.CachingExchangeFilterFunction;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.http.client.reactive.ClientHttpConnector;

/**
 * Wraps the application's {@link ClientHttpConnector} bean (the one Spring Boot's
 * {@code WebClient.Builder} is given) and its {@link ClientHttpConnectorBuilder} bean (what
 * {@code WebClientSsl} builds connectors with) so that they cache: the connector is where a request
 * leaves the client, after every filter the application adds later. A connector the application sets
 * on a builder itself is left alone: it is not cached unless passed through
 * {@link CachingExchangeFilterFunction#wrap}. The filter is looked up when a connector is wrapped,
 * not when this post-processor is created, so the store is not started early.
 */
final class CachingConnectorPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<CachingExchangeFilterFunction> filter;

	private final ObjectProvider<ReactiveHttpCachePolicies> policies;

	CachingConnectorPostProcessor(ObjectProvider<CachingExchangeFilterFunction> filter,
			ObjectProvider<ReactiveHttpCachePolicies> policies) {
		this.filter = filter;
		this.policies = policies;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ClientHttpConnector connector) {
			return wrap(connector, this.filter, this.policies);
		}
		if (bean instanceof ClientHttpConnectorBuilder<?> builder && !(bean instanceof Caching)) {
			return new Caching(builder, this.filter, this.policies);
		}
		return bean;
	}

	/** Builds the delegate's connector, wrapped by the cache. */
	/** With named policies (http.cache.clients), each request is cached under the policy it names. */
	private static ClientHttpConnector wrap(ClientHttpConnector connector, ObjectProvider<CachingExchangeFilterFunction> filter,
			ObjectProvider<ReactiveHttpCachePolicies> policies) {
		ReactiveHttpCachePolicies named = policies.getIfAvailable();
		return (named != null) ? named.wrap(connector, filter.getObject()) : filter.getObject().wrap(connector);
	}

	private record Caching(ClientHttpConnectorBuilder<?> delegate, ObjectProvider<CachingExchangeFilterFunction> filter,
			ObjectProvider<ReactiveHttpCachePolicies> policies) implements ClientHttpConnectorBuilder<ClientHttpConnector> {

		@Override
		public ClientHttpConnector build(HttpClientSettings settings) {
			return wrap(this.delegate.build(settings), this.filter, this.policies);
		}

	}

}
