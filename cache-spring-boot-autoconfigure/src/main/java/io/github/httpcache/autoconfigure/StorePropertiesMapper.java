package io.github.httpcache.autoconfigure;

import java.time.Duration;

import io.github.httpcache.internal.store.CacheEntryCodec;
import io.github.httpcache.internal.store.StoreCallGuard;
import io.github.httpcache.internal.store.StoreCircuitBreaker;

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
			throw new InvalidHttpCacheSettingException("http.cache.redis.timeout", timeout,
					"The timeout must be positive.", "Set a positive duration, e.g. '250ms' (the default).");
		}
		HttpCacheProperties.CircuitBreaker breaker = redis.getCircuitBreaker();
		if (breaker.getFailureThreshold() < 1) {
			throw new InvalidHttpCacheSettingException("http.cache.redis.circuit-breaker.failure-threshold",
					breaker.getFailureThreshold(), "The threshold must be at least 1.",
					"Set a count of consecutive failures, e.g. '3' (the default).");
		}
		if (breaker.getCoolDown().isNegative()) {
			throw new InvalidHttpCacheSettingException("http.cache.redis.circuit-breaker.cool-down",
					breaker.getCoolDown(), "The cool-down must not be negative.",
					"Set a duration, e.g. '5s' (the default).");
		}
		return new StoreCallGuard(timeout, new StoreCircuitBreaker(breaker.getFailureThreshold(), breaker.getCoolDown()));
	}

	/** What a key prefix must end with, so that {@code app:} never also names {@code application:*}. */
	static final String PREFIX_SEPARATORS = ":/.-_";

	/**
	 * {@code http.cache.redis.key-prefix}: the actuator's clear and the store's scans delete
	 * {@code prefix*}, so an empty prefix would name every key of the database, and one without a
	 * trailing separator ({@code app}) would also name another application's keys ({@code application:*}).
	 */
	static String keyPrefix(HttpCacheProperties.Redis redis) {
		String prefix = redis.getKeyPrefix();
		if (prefix == null || prefix.isEmpty()) {
			throw new InvalidHttpCacheSettingException("http.cache.redis.key-prefix", prefix,
					"The prefix must not be empty: clearing the cache deletes every key that starts with it.",
					"Use a namespace ending in a separator, e.g. 'http-cache:' (the default) or 'my-app:http:'.");
		}
		if (PREFIX_SEPARATORS.indexOf(prefix.charAt(prefix.length() - 1)) < 0) {
			throw new InvalidHttpCacheSettingException("http.cache.redis.key-prefix", prefix,
					"The prefix must end in one of ':', '/', '.', '-' or '_', so that it never names the keys of "
							+ "another namespace that merely starts the same way.",
					"Did you mean '" + prefix + ":'?");
		}
		return prefix;
	}

	/** How long entries are kept past their expiry, by either store. */
	static Duration retainStale(HttpCacheProperties properties) {
		Duration retainStale = properties.getRedis().getRetainStale();
		if (retainStale.isNegative()) {
			throw new InvalidHttpCacheSettingException("http.cache.redis.retain-stale", retainStale,
					"The retention must not be negative.", "Set a duration, e.g. '1h' (the default) or '0s'.");
		}
		return retainStale;
	}

	/**
	 * The stores' codec: it reads no body longer than {@code http.cache.max-entry-size}, so a corrupt or
	 * crafted value cannot make it allocate more (a negative size is reported by the settings' mapping).
	 */
	static CacheEntryCodec codec(HttpCacheProperties properties) {
		return new CacheEntryCodec(CacheEntryCodec.DEFAULT_COMPRESSION_THRESHOLD,
				Math.max(0, properties.getMaxEntrySize().toBytes()));
	}

	/** Variants kept per request key. */
	static int maxVariants(HttpCacheProperties properties) {
		int maxVariants = properties.getMaxVariants();
		if (maxVariants < 1) {
			throw new InvalidHttpCacheSettingException("http.cache.max-variants", maxVariants,
					"At least one variant must be kept.", "Set a count of at least 1, e.g. '16' (the default).");
		}
		return maxVariants;
	}

	/** The in-memory store's bound, in bytes. */
	static long memoryMaxBytes(HttpCacheProperties properties) {
		long bytes = properties.getMemory().getMaxSize().toBytes();
		if (bytes <= 0) {
			throw new InvalidHttpCacheSettingException("http.cache.memory.max-size",
					properties.getMemory().getMaxSize(), "The size must be positive.",
					"Set a size, e.g. '64MB' (the default).");
		}
		return bytes;
	}

}
