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

	CachingConnectorPostProcessor(ObjectProvider<CachingExchangeFilterFunction> filter) {
		this.filter = filter;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ClientHttpConnector connector) {
			return this.filter.getObject().wrap(connector);
		}
		if (bean instanceof ClientHttpConnectorBuilder<?> builder && !(bean instanceof Caching)) {
			return new Caching(builder, this.filter);
		}
		return bean;
	}

	/** Builds the delegate's connector, wrapped by the cache. */
	private record Caching(ClientHttpConnectorBuilder<?> delegate, ObjectProvider<CachingExchangeFilterFunction> filter)
			implements ClientHttpConnectorBuilder<ClientHttpConnector> {

		@Override
		public ClientHttpConnector build(HttpClientSettings settings) {
			return this.filter.getObject().wrap(this.delegate.build(settings));
		}

	}

}
