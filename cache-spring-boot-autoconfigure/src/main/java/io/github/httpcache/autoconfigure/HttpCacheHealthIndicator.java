package io.github.httpcache.autoconfigure;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.client.HttpCacheEngine;
import io.github.httpcache.internal.store.CircuitOpenException;
import io.github.httpcache.internal.store.InMemoryCacheStore;
import io.github.httpcache.internal.store.NearCacheStore;
import io.github.httpcache.internal.store.RedisCacheStore;
import io.github.httpcache.internal.store.StoreCircuitBreaker;
import io.github.httpcache.store.CacheStore;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The {@code httpcache} health contributor: always {@code UP}, because the cache never fails a request
 * (with its store down, requests go to the origin uncached), with details that say whether the cache
 * is doing its job: {@code store}, and for Redis the {@code circuitBreaker} state, whether Redis
 * answered a {@code PING} ({@code redis}: {@code up}, {@code skipped} while the breaker is open, or the
 * failure), and {@code degraded}, {@code true} when requests are currently not being cached.
 * <p>
 * The {@code PING} goes through the store's own guard: bounded by {@code http.cache.redis.timeout}
 * and counted by the breaker like any store call, never sent while the breaker is open.
 */
final class HttpCacheHealthIndicator implements HealthIndicator {

	private final HttpCacheEngine engine;

	private final @Nullable RedisConnectionFactory redisConnectionFactory;

	HttpCacheHealthIndicator(HttpCacheEngine engine, @Nullable RedisConnectionFactory redisConnectionFactory) {
		this.engine = engine;
		this.redisConnectionFactory = redisConnectionFactory;
	}

	@Override
	public Health health() {
		CacheStore store = NearCacheStore.unwrap(CacheStoreDecorator.undecorated(this.engine.store()));
		Health.Builder health = Health.up();
		if (!(store instanceof RedisCacheStore redis)) {
			return health.withDetail("store", (store instanceof InMemoryCacheStore) ? "memory" : store.getClass().getName())
				.withDetail("degraded", false)
				.build();
		}
		health.withDetail("store", "redis").withDetail("keyPrefix", redis.prefix());
		String redisState = ping(redis);
		StoreCircuitBreaker.State breaker = redis.guard().breaker().state();
		boolean degraded = breaker != StoreCircuitBreaker.State.CLOSED || !redisState.equals("up");
		health.withDetail("redis", redisState)
			.withDetail("circuitBreaker", breaker.name().toLowerCase(Locale.ROOT))
			.withDetail("degraded", degraded);
		if (degraded) {
			health.withDetail("impact", "requests go to the origin uncached until Redis answers again");
		}
		return health.build();
	}

	private String ping(RedisCacheStore redis) {
		RedisConnectionFactory connectionFactory = this.redisConnectionFactory;
		if (connectionFactory == null) {
			return "unknown";
		}
		try {
			redis.guard().call("ping", () -> {
				try (RedisConnection connection = connectionFactory.getConnection()) {
					return connection.ping();
				}
			});
			return "up";
		}
		catch (CircuitOpenException ex) {
			return "skipped";
		}
		catch (RuntimeException ex) {
			return "unreachable: " + ex.getMessage();
		}
	}

}
