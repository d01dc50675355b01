package io.github.httpcache.autoconfigure;

import io.github.httpcache.client.CachingClientHttpRequestInterceptor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * Wraps the application's {@link ClientHttpRequestFactoryBuilder} bean so that every request factory it
 * builds caches: it is what Spring Boot's {@code RestClient.Builder}, {@code RestTemplateBuilder} and
 * {@code RestClientSsl} build their request factories with, and the request factory is where a request
 * leaves the client, after every interceptor the application adds later. The interceptor is looked up
 * when a factory is built, not when this post-processor is created, so the store is not started early.
 */
final class CachingRequestFactoryBuilderPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<CachingClientHttpRequestInterceptor> interceptor;

	private final ObjectProvider<HttpCachePolicies> policies;

	CachingRequestFactoryBuilderPostProcessor(ObjectProvider<CachingClientHttpRequestInterceptor> interceptor,
			ObjectProvider<HttpCachePolicies> policies) {
		this.interceptor = interceptor;
		this.policies = policies;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ClientHttpRequestFactoryBuilder<?> builder && !(bean instanceof Caching)) {
			return new Caching(builder, this.interceptor, this.policies);
		}
		return bean;
	}

	/** Builds the delegate's factory, wrapped by the cache. */
	private record Caching(ClientHttpRequestFactoryBuilder<?> delegate,
			ObjectProvider<CachingClientHttpRequestInterceptor> interceptor, ObjectProvider<HttpCachePolicies> policies)
			implements ClientHttpRequestFactoryBuilder<ClientHttpRequestFactory> {

		@Override
		public ClientHttpRequestFactory build(HttpClientSettings settings) {
			// With named policies (http.cache.clients), each request is cached under the policy it names.
			HttpCachePolicies named = this.policies.getIfAvailable();
			return (named != null) ? named.wrap(this.delegate.build(settings), this.interceptor.getObject())
					: this.interceptor.getObject().wrap(this.delegate.build(settings));
		}

	}

}
