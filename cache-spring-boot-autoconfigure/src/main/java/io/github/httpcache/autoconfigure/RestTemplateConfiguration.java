package io.github.httpcache.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.httpcache.client.CachingClientHttpRequestInterceptor;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestTemplate;

/** RestTemplate is in maintenance; its wiring stays in this one deletable class. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ RestTemplate.class, RestTemplateCustomizer.class })
class RestTemplateConfiguration {

	@Bean
	RestTemplateCustomizer httpCacheRestTemplateCustomizer(CachingClientHttpRequestInterceptor interceptor) {
		return (restTemplate) -> {
			// With interceptors, getRequestFactory() answers an intercepting wrapper: set them aside to
			// reach the factory itself (already caching when Boot's ClientHttpRequestFactoryBuilder
			// built it; not in a reactive web application, which has no such bean).
			List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>(restTemplate.getInterceptors());
			restTemplate.getInterceptors().clear();
			if (!(restTemplate.getRequestFactory() instanceof PolicyRoutingRequestFactory)) {
				restTemplate.setRequestFactory(interceptor.wrap(restTemplate.getRequestFactory()));
			}
			if (!interceptors.contains(interceptor.requestFactoryCheck())) {
				interceptors.add(interceptor.requestFactoryCheck());
			}
			restTemplate.getInterceptors().addAll(interceptors);
		};
	}

}
