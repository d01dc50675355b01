package io.github.httpcache.autoconfigure;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.httpcache.internal.core.CacheSettings;
import io.github.httpcache.internal.metrics.NearCacheMetrics;
import io.github.httpcache.internal.store.NearCache;
import io.github.httpcache.internal.store.NearReactiveCacheStore;
import io.github.httpcache.internal.store.ReactiveRedisCacheStore;
import io.github.httpcache.internal.store.RedisCacheStore;
import io.github.httpcache.internal.store.RedisInvalidationChannel;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.ReactiveCacheStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The near tier ({@code http.cache.near.enabled=true}): a {@link NearCache} that the engine puts in
 * front of the Redis store ({@code NearCacheStore}) and that wraps the reactive Redis store
 * ({@link NearReactiveCacheStore}), so all three clients use it; a {@link RedisInvalidationChannel}
 * that keeps it coherent and opens it only while Redis's invalidation messages are heard; and, with
 * Micrometer, the {@value NearCacheMetrics#NEAR_REQUESTS} counter. With the memory store it does
 * nothing (the memory store is already in process).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "http.cache.near.enabled")
@ConditionalOnClass(name = { "com.github.benmanes.caffeine.cache.Caffeine", "io.lettuce.core.RedisClient",
		"org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory" })
final class NearCacheConfiguration {

	/** Pause between attempts to connect the invalidation channel or switch tracking on again. */
	static final Duration RETRY = Duration.ofMillis(200);

	@Bean
	@ConditionalOnMissingBean
	NearCache httpCacheNearCache(HttpCacheProperties properties, ObjectProvider<NearCache.Listener> listeners) {
		long maxBytes = properties.getNear().getMaxSize().toBytes();
		if (maxBytes <= 0) {
			throw new InvalidConfigurationPropertyValueException("http.cache.near.max-size",
					properties.getNear().getMaxSize(), "The size must be positive, e.g. '32MB'.");
		}
		return new NearCache(maxBytes, listeners.getIfAvailable(() -> NearCache.Listener.NONE));
	}

	@Bean
	NearInvalidation httpCacheNearInvalidation(NearCache nearCache, CacheStore httpCacheStore,
			ObjectProvider<RedisConnectionFactory> connectionFactory) {
		return new NearInvalidation(nearCache, httpCacheStore, connectionFactory.getIfUnique());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class NearMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		NearCache.Listener httpCacheNearMetrics(ObjectProvider<MeterRegistry> meterRegistry) {
			MeterRegistry registry = meterRegistry.getIfUnique();
			return (registry != null) ? new NearCacheMetrics(registry, CacheSettings.defaults().cacheName())
					: NearCache.Listener.NONE;
		}

	}

	/** WebClient's store: the reactive Redis store gets the near tier in front, as the blocking one does. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "reactor.core.publisher.Mono")
	static class NearReactiveConfiguration {

		@Bean
		static BeanPostProcessor httpCacheNearReactiveStorePostProcessor(ObjectProvider<NearCache> nearCache) {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (bean instanceof ReactiveRedisCacheStore store) {
						return new NearReactiveCacheStore((ReactiveCacheStore) store, nearCache.getObject());
					}
					return bean;
				}

			};
		}

	}

	/** Starts the invalidation channel with the context and closes it first on shutdown. */
	static final class NearInvalidation implements SmartLifecycle {

		private static final Log logger = LogFactory.getLog(NearInvalidation.class);

		private final @Nullable RedisInvalidationChannel channel;

		private volatile boolean running;

		NearInvalidation(NearCache nearCache, CacheStore store, @Nullable RedisConnectionFactory connectionFactory) {
			if (store instanceof RedisCacheStore redis && connectionFactory != null) {
				this.channel = new RedisInvalidationChannel(connectionFactory, redis.prefix(), nearCache, RETRY);
			}
			else {
				logger.warn("http.cache.near.enabled: the near tier fronts only the Redis store (the store is "
						+ store.getClass().getName() + "); it stays off");
				this.channel = null;
			}
		}

		@Nullable RedisInvalidationChannel channel() {
			return this.channel;
		}

		@Override
		public void start() {
			if (this.channel != null) {
				this.channel.start();
			}
			this.running = true;
		}

		@Override
		public void stop() {
			if (this.channel != null) {
				this.channel.close();
			}
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

}
