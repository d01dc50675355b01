package io.github.httpcache.internal.store;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import io.github.httpcache.core.CacheKey;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.ReactiveCacheStore;
import io.github.httpcache.test.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fetch lease behind {@code http.cache.collapse=redis}: one owner at a time, released only by its
 * owner, kept under the store's prefix in the URL's hash slot and shared by the blocking and reactive
 * Redis stores; stores without leases always grant it.
 */
class CacheStoreLeaseTests {

	private final CacheKey key = new CacheKey("url1", "request1", "http://example.com/a");

	private LettuceConnectionFactory connectionFactory;

	private RedisCacheStore store;

	@BeforeEach
	void connect() {
		this.connectionFactory = TestRedis.get().connectionFactory();
		// A generous bound: these tests are about the lease, not timeouts on a busy machine.
		this.store = new RedisCacheStore(this.connectionFactory, "lease-" + UUID.randomUUID() + ":", Duration.ofHours(1),
				Clock.systemUTC(), new StoreCallGuard(Duration.ofSeconds(10), new StoreCircuitBreaker(3, Duration.ofSeconds(1))));
	}

	@AfterEach
	void disconnect() {
		this.store.clear();
		this.connectionFactory.destroy();
	}

	@Test
	void leaseIsHeldByOneOwnerAtATime() {
		assertThat(this.store.tryLease(this.key, "a", Duration.ofSeconds(10))).isTrue();
		assertThat(this.store.tryLease(this.key, "b", Duration.ofSeconds(10))).isFalse();
		assertThat(this.store.tryLease(new CacheKey("url1", "request2", "http://example.com/a"), "b",
				Duration.ofSeconds(10)))
			.as("another request key has its own lease")
			.isTrue();
	}

	@Test
	void onlyTheOwnerReleasesTheLease() {
		this.store.tryLease(this.key, "a", Duration.ofSeconds(10));
		this.store.releaseLease(this.key, "b");
		assertThat(this.store.tryLease(this.key, "b", Duration.ofSeconds(10))).isFalse();
		this.store.releaseLease(this.key, "a");
		assertThat(this.store.tryLease(this.key, "b", Duration.ofSeconds(10))).isTrue();
	}

	@Tag("wall-clock")
	@Test
	void leaseOfAnOwnerThatNeverReleasesRunsOut() {
		this.store.tryLease(this.key, "a", Duration.ofMillis(1));
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> this.store.tryLease(this.key, "b", Duration.ofSeconds(10)));
	}

	@Test
	void blockingAndReactiveStoresShareTheLease() {
		ReactiveRedisCacheStore reactive = new ReactiveRedisCacheStore(this.store, this.connectionFactory,
				Duration.ofSeconds(10));
		try {
			assertThat(reactive.tryLease(this.key, "a", Duration.ofSeconds(10)).block()).isTrue();
			assertThat(this.store.tryLease(this.key, "b", Duration.ofSeconds(10))).isFalse();
			reactive.releaseLease(this.key, "b").block();
			assertThat(reactive.tryLease(this.key, "b", Duration.ofSeconds(10)).block()).isFalse();
			reactive.releaseLease(this.key, "a").block();
			assertThat(this.store.tryLease(this.key, "b", Duration.ofSeconds(10))).isTrue();
		}
		finally {
			reactive.close();
		}
	}

	@Test
	void leaseLivesUnderThePrefixInTheUrlsHashSlot() {
		assertThat(this.store.leaseKey(this.key)).isEqualTo(this.store.prefix() + "{url1}:l:request1");
	}

	@Test
	void storeWithoutLeasesAlwaysGrantsThem() {
		CacheStore memory = new InMemoryCacheStore(1024);
		assertThat(memory.tryLease(this.key, "a", Duration.ofSeconds(10))).isTrue();
		assertThat(memory.tryLease(this.key, "b", Duration.ofSeconds(10))).isTrue();
		assertThat(ReactiveCacheStore.adapt(memory).tryLease(this.key, "c", Duration.ofSeconds(10)).block()).isTrue();
	}

}
