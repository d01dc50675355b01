package io.github.httpcache.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import io.github.httpcache.HttpCacheRequest;
import io.github.httpcache.client.CachingExchangeFilterFunction;
import io.github.httpcache.client.CollapseMode;
import io.github.httpcache.client.HttpCacheEngine;
import io.github.httpcache.client.HttpCacheListener;
import io.github.httpcache.core.CacheKeyCustomizer;
import io.github.httpcache.core.ResponseCachePredicate;
import io.github.httpcache.internal.core.CachePolicy;
import io.github.httpcache.internal.core.CacheSettings;
import io.github.httpcache.internal.core.Credentials;
import io.github.httpcache.internal.metrics.HttpCacheMetrics;
import io.github.httpcache.internal.store.NearCache;
import io.github.httpcache.internal.store.NearCacheStore;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.ReactiveCacheStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer;

/**
 * Named policies, {@code http.cache.clients.<name>.*}: an engine per policy
 * ({@link HttpCachePolicies}), the caching request factories and connectors that route each request to
 * its policy's engine by the {@link HttpCacheRequest#POLICY} attribute, and the HTTP service group
 * configurers that set that attribute on every client of the group of the same name.
 */
@Configuration(proxyBeanMethods = false)
class HttpCachePolicyConfiguration {

	/** The key part that keeps a policy's entries apart from the others'. */
	static final String POLICY_KEY_PART = "policy";

	@Bean
	HttpCachePolicies httpCachePolicies(HttpCacheProperties properties, CacheStore httpCacheStore,
			ObjectProvider<HttpCacheListener> listeners,
			@Qualifier(HttpCacheAutoConfiguration.CLOCK_BEAN_NAME) ObjectProvider<Clock> clock,
			ObjectProvider<ResponseCachePredicate> storePredicates, ObjectProvider<CacheKeyCustomizer> keyCustomizers,
			ObjectProvider<CacheStoreDecorator> storeDecorators, ObjectProvider<PolicyListeners> policyListeners,
			ObjectProvider<NearCache> nearCache) {
		if (properties.getClients().isEmpty()) {
			return new HttpCachePolicies(Map.of());
		}
		// The near tier is shared with the default policy: its entries are kept apart by the policy's key
		// part, and one invalidation channel keeps them all coherent.
		CacheStore store = NearCacheStore.decorate(httpCacheStore, nearCache.getIfAvailable());
		Credentials credentials = CacheSettingsMapper.credentials(properties, httpCacheStore);
		CollapseMode collapse = CacheSettingsMapper.collapse(properties, httpCacheStore);
		// The default policy's meters carry its name: each policy registers its own instead.
		List<HttpCacheListener> shared = listeners.orderedStream()
			.filter((listener) -> !listener.getClass().getName().equals("io.github.httpcache.internal.metrics.HttpCacheMetrics"))
			.toList();
		Map<String, HttpCacheEngine> engines = new LinkedHashMap<>();
		properties.getClients().forEach((name, policy) -> {
			CacheSettings settings = PolicySettingsMapper.map(properties, name, policy);
			List<CacheKeyCustomizer> keys = new ArrayList<>();
			keys.add((request, parts) -> {
				parts.put(POLICY_KEY_PART, name);
				return parts;
			});
			keys.addAll(keyCustomizers.orderedStream().toList());
			List<HttpCacheListener> engineListeners = new ArrayList<>(shared);
			PolicyListeners extra = policyListeners.getIfAvailable();
			HttpCacheListener own = (extra != null) ? extra.listener(name) : null;
			if (own != null) {
				engineListeners.add(own);
			}
			CachePolicy cachePolicy = new CachePolicy(settings, credentials, storePredicates.orderedStream().toList(),
					keys);
			engines.put(name, new HttpCacheEngine(cachePolicy,
					CacheStoreDecorator.decorate(storeDecorators.orderedStream().toList(), store, name),
					clock.getIfAvailable(Clock::systemUTC), engineListeners, collapse,
					HttpCacheEngine.DEFAULT_COLLAPSE_TIMEOUT, UrlGlob::parse));
		});
		return new HttpCachePolicies(engines);
	}

	/** A listener of a policy's own, such as its meters; {@code null} for none. */
	@FunctionalInterface
	interface PolicyListeners {

		@Nullable HttpCacheListener listener(String policy);

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class PolicyMetricsConfiguration {

		@Bean
		PolicyListeners httpCachePolicyMetrics(ObjectProvider<MeterRegistry> registry) {
			return (policy) -> {
				MeterRegistry meters = registry.getIfUnique();
				return (meters != null) ? new HttpCacheMetrics(meters, policy) : null;
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientHttpServiceGroupConfigurer.class)
	static class RestClientGroupsConfiguration {

		@Bean
		RestClientHttpServiceGroupConfigurer httpCacheRestClientGroupConfigurer(HttpCachePolicies policies) {
			return (groups) -> groups.forEachClient((group, builder) -> {
				if (policies.engines().containsKey(group.name())) {
					builder.defaultRequest((request) -> request
						.attributes((attributes) -> attributes.putIfAbsent(HttpCacheRequest.POLICY, group.name())));
				}
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClientHttpServiceGroupConfigurer.class, WebClientCustomizer.class, CodecCustomizer.class })
	static class WebClientPoliciesConfiguration {

		@Bean
		ReactiveHttpCachePolicies reactiveHttpCachePolicies(HttpCachePolicies policies,
				ObjectProvider<ReactiveCacheStore> reactiveHttpCacheStore, ObjectProvider<CodecCustomizer> codecCustomizers,
				ObjectProvider<CacheStoreDecorator> storeDecorators) {
			Map<String, CachingExchangeFilterFunction> filters = new LinkedHashMap<>();
			if (!policies.isEmpty()) {
				ExchangeStrategies strategies = ExchangeStrategies.builder()
					.codecs((codecs) -> codecCustomizers.orderedStream().forEach((customizer) -> customizer.customize(codecs)))
					.build();
				policies.engines().forEach((name, engine) -> {
					ReactiveCacheStore store = reactiveHttpCacheStore.getIfAvailable(
							() -> ReactiveCacheStore.adapt(CacheStoreDecorator.undecorated(engine.store())));
					filters.put(name, new CachingExchangeFilterFunction(engine,
							CacheStoreDecorator.decorate(storeDecorators.orderedStream().toList(), store, name), strategies));
				});
			}
			return new ReactiveHttpCachePolicies(filters, policies.unknown());
		}

		/** A connector sees no request attributes: the policy travels in the Reactor context. */
		@Bean
		WebClientCustomizer httpCachePolicyWebClientCustomizer(HttpCachePolicies policies) {
			return (builder) -> {
				if (!policies.isEmpty()) {
					builder.filters((filters) -> {
						if (!filters.contains(PolicyRoutingConnector.POLICY_FILTER)) {
							filters.add(0, PolicyRoutingConnector.POLICY_FILTER);
						}
					});
				}
			};
		}

		@Bean
		WebClientHttpServiceGroupConfigurer httpCacheWebClientGroupConfigurer(HttpCachePolicies policies) {
			return (groups) -> groups.forEachClient((group, builder) -> {
				if (policies.engines().containsKey(group.name())) {
					builder.defaultRequest((request) -> request
						.attributes((attributes) -> attributes.putIfAbsent(HttpCacheRequest.POLICY, group.name())));
				}
			});
		}

	}

}
