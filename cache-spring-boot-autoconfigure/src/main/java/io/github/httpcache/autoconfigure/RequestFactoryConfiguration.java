package io.github.httpcache.autoconfigure;

import io.github.httpcache.client.CachingClientHttpRequestInterceptor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * RestClient and RestTemplate: the cache sits in the request factory, where a request leaves the
 * client, so it keys on what interceptors and initializers the application adds later. The
 * factories come from Spring Boot's {@link ClientHttpRequestFactoryBuilder} bean, which is wrapped;
 * the customizers add only {@link CachingClientHttpRequestInterceptor#requestFactoryCheck()}, which
 * warns once if the application replaced the factory (those requests are then not cached).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(ClientHttpRequestFactoryBuilder.class)
class RequestFactoryConfiguration {

	@Bean
	static CachingRequestFactoryBuilderPostProcessor httpCacheRequestFactoryBuilderPostProcessor(
			ObjectProvider<CachingClientHttpRequestInterceptor> interceptor, ObjectProvider<HttpCachePolicies> policies) {
		return new CachingRequestFactoryBuilderPostProcessor(interceptor, policies);
	}

}
