package io.github.httpcache.autoconfigure;

import io.github.httpcache.client.CachingClientHttpRequestInterceptor;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * RestClient: every builder from Spring Boot's {@code RestClient.Builder} gets the request factory
 * check (the caching itself is in the request factory, see {@link RequestFactoryConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ RestClient.class, RestClientCustomizer.class })
class RestClientConfiguration {

	@Bean
	RestClientCustomizer httpCacheRestClientCustomizer(CachingClientHttpRequestInterceptor interceptor) {
		return (builder) -> builder.requestInterceptors((interceptors) -> {
			if (!interceptors.contains(interceptor.requestFactoryCheck())) {
				interceptors.add(interceptor.requestFactoryCheck());
			}
		});
	}

}
