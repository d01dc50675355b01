package io.github.httpcache.autoconfigure;

import java.time.Duration;

import io.github.httpcache.store.StoreCallGuard;
import io.github.httpcache.store.StoreCircuitBreaker;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Maps the store properties ({@code http.cache.redis.*}, {@code http.cache.memory.*}) into the stores'
 * settings; an invalid value fails start-up with a message naming the property.
 */
final class StorePropertiesMapper {

	private StorePropertiesMapper() {
	}

	/** The guard every Redis call goes through: the timeout and the circuit breaker. */
	static StoreCallGuard guard(HttpCacheProperties.Redis redis) {
		Duration timeout = redis.getTimeout();
		if (timeout.isNegative() || timeout.isZero()) {
			throw new InvalidConfigurationPropertyValueException("http.cache.redis.timeout", timeout,
					"The timeout must be positive, e.g. '250ms'.");
		}
		HttpCacheProperties.CircuitBreaker breaker = redis.getCircuitBreaker();
		if (breaker.getFailureThreshold() < 1) {
			throw new InvalidConfigurationPropertyValueException("http.cache.redis.circuit-breaker.failure-threshold",
					breaker.getFailureThreshold(), "The threshold must be at least 1.");
		}
		if (breaker.getCoolDown().isNegative()) {
			throw new InvalidConfigurationPropertyValueException("http.cache.redis.circuit-breaker.cool-down",
					breaker.getCoolDown(), "The cool-down must not be negative, e.g. '5s'.");
		}
		return new StoreCallGuard(timeout, new StoreCircuitBreaker(breaker.getFailureThreshold(), breaker.getCoolDown()));
	}

	/** How long entries are kept past their expiry, by either store. */
	static Duration retainStale(HttpCacheProperties properties) {
		Duration retainStale = properties.getRedis().getRetainStale();
		if (retainStale.isNegative()) {
			throw new InvalidConfigurationPropertyValueException("http.cache.redis.retain-stale", retainStale,
					"The retention must not be negative, e.g. '1h' or '0s'.");
		}
		return retainStale;
	}

	/** Variants kept per request key. */
	static int maxVariants(HttpCacheProperties properties) {
		int maxVariants = properties.getMaxVariants();
		if (maxVariants < 1) {
			throw new InvalidConfigurationPropertyValueException("http.cache.max-variants", maxVariants,
					"At least one variant must be kept, e.g. '16'.");
		}
		return maxVariants;
	}

	/** The in-memory store's bound, in bytes. */
	static long memoryMaxBytes(HttpCacheProperties properties) {
		long bytes = properties.getMemory().getMaxSize().toBytes();
		if (bytes <= 0) {
			throw new InvalidConfigurationPropertyValueException("http.cache.memory.max-size",
					properties.getMemory().getMaxSize(), "The size must be positive, e.g. '64MB'.");
		}
		return bytes;
	}

}
