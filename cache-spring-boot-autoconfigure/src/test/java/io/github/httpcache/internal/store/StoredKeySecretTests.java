package io.github.httpcache.internal.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

import io.github.httpcache.internal.core.KeySecret;
import io.github.httpcache.test.TcpProxy;
import io.github.httpcache.test.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key secret kept in the store: generated once and shared by every instance on the same Redis and
 * prefix (SET NX), kept by a clear, and, when Redis is down at start-up, unknown (never replaced by
 * one of this instance's own) until Redis can be read.
 */
class StoredKeySecretTests {

	private static LettuceConnectionFactory connectionFactory;

	@BeforeAll
	static void connect() {
		connectionFactory = TestRedis.get().connectionFactory();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@Test
	void instancesOnTheSameRedisAndPrefixShareOneSecret() {
		String prefix = "secret-" + UUID.randomUUID() + ":";
		StoredKeySecret first = new StoredKeySecret(store(prefix));
		StoredKeySecret second = new StoredKeySecret(store(prefix));
		StoredKeySecret other = new StoredKeySecret(store("secret-" + UUID.randomUUID() + ":"));
		assertThat(first.resolve()).isTrue();
		assertThat(second.resolve()).isTrue();
		assertThat(other.resolve()).isTrue();
		assertThat(first.current()).hasSize(KeySecret.GENERATED_LENGTH).isEqualTo(second.current());
		assertThat(other.current()).isNotEqualTo(first.current());
		try (RedisConnection connection = connectionFactory.getConnection()) {
			assertThat(connection.stringCommands().get((prefix + "key-secret").getBytes())).isEqualTo(first.current());
			assertThat(connection.keyCommands().pTtl((prefix + "key-secret").getBytes())).as("no TTL").isEqualTo(-1);
		}
	}

	@Test
	void clearKeepsTheSecret() {
		String prefix = "secret-" + UUID.randomUUID() + ":";
		RedisCacheStore store = store(prefix);
		byte[] secret = store.keySecret(KeySecret.generate());
		store.clear();
		assertThat(store.keySecret(KeySecret.generate())).isEqualTo(secret);
	}

	@Test
	void theMemoryStoreKeepsTheFirstCandidate() {
		StoredKeySecret secret = new StoredKeySecret(new InMemoryCacheStore(1024 * 1024));
		assertThat(secret.resolve()).isTrue();
		byte[] known = secret.current();
		assertThat(known).hasSize(KeySecret.GENERATED_LENGTH);
		assertThat(secret.resolve()).isTrue();
		assertThat(secret.current()).isSameAs(known);
	}

	@Tag("wall-clock")
	@Test
	void unknownWhileRedisIsDownAndReadInTheBackgroundOnceItIsUp() throws Exception {
		String prefix = "secret-" + UUID.randomUUID() + ":";
		TestRedis redis = TestRedis.get();
		try (TcpProxy proxy = TcpProxy.to(redis.host(), redis.port())) {
			LettuceConnectionFactory proxied = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", proxy.port()));
			proxied.afterPropertiesSet();
			proxied.start();
			try {
				StoredKeySecret secret = new StoredKeySecret(new RedisCacheStore(proxied, prefix, Duration.ofHours(1),
						Clock.systemUTC(), new StoreCallGuard(Duration.ofSeconds(2), new StoreCircuitBreaker(100, Duration.ZERO))));
				assertThat(secret.resolve()).as("Redis refuses connections").isFalse();
				assertThat(secret.current()).isNull();
				proxy.start();
				byte[] known = await("read in the background after Redis came up").atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(50))
					.until(secret::current, Objects::nonNull);
				StoredKeySecret direct = new StoredKeySecret(store(prefix));
				direct.resolve();
				assertThat(direct.current()).as("the one every instance reads").isEqualTo(known);
			}
			finally {
				proxied.destroy();
			}
		}
	}

	private static RedisCacheStore store(String prefix) {
		return new RedisCacheStore(connectionFactory, prefix, Duration.ofHours(1), Clock.systemUTC(),
				new StoreCallGuard(Duration.ofSeconds(10), new StoreCircuitBreaker(3, Duration.ofSeconds(1))));
	}

}
