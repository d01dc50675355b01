package io.github.httpcache.internal.store;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.core.Headers;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.Lookup;
import io.github.httpcache.test.TestRedis;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store contract through the near tier ({@link NearCacheStore} over the Redis store, with its
 * invalidation channel open), plus what the tier adds: a repeated lookup is answered in process, and a
 * change made behind its back, straight in Redis, reaches it through the channel.
 */
class NearCacheStoreContractTests extends CacheStoreContractTests {

	private static LettuceConnectionFactory connectionFactory;

	private final String prefix = "test-" + UUID.randomUUID() + ":";

	private final RedisCacheStore redis = new RedisCacheStore(connectionFactory, this.prefix, RETAIN_STALE, this.clock,
			new StoreCallGuard(Duration.ofSeconds(10), new StoreCircuitBreaker(3, Duration.ofSeconds(1))));

	private final NearCache near = new NearCache(1 << 20, NearCache.Listener.NONE);

	private final NearCacheStore store = new NearCacheStore(this.redis, this.near);

	private final RedisInvalidationChannel channel = new RedisInvalidationChannel(connectionFactory, this.prefix,
			this.near, Duration.ofMillis(100));

	@BeforeAll
	static void connect() {
		connectionFactory = TestRedis.get().connectionFactory();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@BeforeEach
	void openChannel() {
		this.channel.start();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(this.channel::isTracking);
	}

	@AfterEach
	void closeStore() {
		this.channel.close();
		this.redis.clear();
		this.redis.close();
	}

	@Override
	CacheStore store() {
		return this.store;
	}

	@Override
	List<CacheEntry> entriesForUrl(String urlKey) {
		return this.store.entriesForUrl(urlKey);
	}

	@Test
	void aRepeatedLookupIsAnsweredInProcessWithTheSameEntriesAndGeneration() {
		CacheKey key = key("/near", "GET");
		CacheEntry entry = entry(key, "A", Headers.empty(), Duration.ofMinutes(10));
		this.store.put(key, entry);
		Lookup fromRedis = this.store.lookup(key);
		assertThat(fromRedis.near()).isFalse();
		// The put's own tracking message may drop the first fill (it arrives while the fill is in flight).
		awaitNearFill(key);
		Lookup fromNear = this.store.lookup(key);
		assertThat(fromNear.near()).isTrue();
		assertThat(fromNear.entries()).containsExactly(entry);
		assertThat(fromNear.generation()).isEqualTo(fromRedis.generation());
	}

	@Test
	void aChangeMadeStraightInRedisReachesTheNearTier() {
		CacheKey key = key("/behind", "GET");
		this.store.put(key, entry(key, "A", Headers.empty(), Duration.ofMinutes(10)));
		awaitNearFill(key);
		// Another instance's store (no near tier of ours in the way) invalidates the URL.
		this.redis.evictUrl(key.urlKey());
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> this.near.get(key) == null);
		assertThat(this.store.lookup(key).entries()).isEmpty();
	}

	@Test
	void aDroppedConnectionSuspendsTheTierUntilTrackingIsBack() {
		CacheKey key = key("/dropped", "GET");
		this.store.put(key, entry(key, "A", Headers.empty(), Duration.ofMinutes(10)));
		awaitNearFill(key);
		// Every other normal connection drops, the channel's among them, as when Redis restarts.
		RedisClient client = RedisClient.create(RedisURI.create(TestRedis.get().host(), TestRedis.get().port()));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().clientKill(KillArgs.Builder.typeNormal().skipme());
		}
		finally {
			client.shutdown();
		}
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.near.get(key) == null);
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(this.channel::isTracking);
		awaitNearFill(key);
	}

	/**
	 * A fill is dropped when an invalidation arrives while it is in flight, and the put's own tracking
	 * message may still be on its way: look up until a lookup is answered by the near tier.
	 */
	private void awaitNearFill(CacheKey key) {
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
			this.store.lookup(key);
			return this.store.lookup(key).near();
		});
	}

}
