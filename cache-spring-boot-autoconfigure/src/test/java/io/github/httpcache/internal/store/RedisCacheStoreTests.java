package io.github.httpcache.internal.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.core.Headers;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.test.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The store contract on a real Redis, plus what only Redis shows: the key layout, TTLs read back with
 * {@code PTTL}, corrupt values, and the bytes an entry takes.
 */
class RedisCacheStoreTests extends CacheStoreContractTests {

	private static LettuceConnectionFactory connectionFactory;

	private final String prefix = "test-" + UUID.randomUUID() + ":";

	/** A generous bound: these tests are about layout and lifetimes on a busy machine, not timeouts. */
	private final RedisCacheStore store = new RedisCacheStore(connectionFactory, this.prefix, RETAIN_STALE, this.clock,
			new StoreCallGuard(Duration.ofSeconds(10), new StoreCircuitBreaker(3, Duration.ofSeconds(1))));

	@BeforeAll
	static void connect() {
		connectionFactory = TestRedis.get().connectionFactory();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@AfterEach
	void closeStore() {
		this.store.clear();
		this.store.close();
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
	void entryAndItsIndexesLiveForRemainingFreshnessPlusRetainStale() {
		CacheKey key = key("/ttl", "GET");
		CacheEntry entry = entry(key, "A", Headers.empty(), Duration.ofMinutes(10));
		this.store.put(key, entry);
		long expected = Duration.ofMinutes(10).plus(RETAIN_STALE).toMillis();
		assertThat(pttl(this.store.entryKey(key, entry))).isCloseTo(expected, within(2000L));
		assertThat(pttl(this.store.requestIndex(key))).isCloseTo(expected, within(2000L));
		assertThat(pttl(this.store.urlIndex(key.urlKey()))).isCloseTo(expected, within(2000L));
	}

	@Test
	void ttlCountsOnlyTheFreshnessLeftWhenStored() {
		CacheKey key = key("/revalidated", "GET");
		CacheEntry entry = entry(key, "A", Headers.empty(), Duration.ofMinutes(10));
		this.clock.advance(Duration.ofMinutes(4));
		this.store.put(key, entry);
		assertThat(pttl(this.store.entryKey(key, entry))).isCloseTo(Duration.ofMinutes(6).plus(RETAIN_STALE).toMillis(),
				within(2000L));
	}

	@Test
	void neverExpiringEntryAndItsIndexesHaveNoTtl() {
		CacheKey key = key("/forever", "GET");
		CacheEntry shortLived = entry(key, "en", Headers.of("accept-language", "en"), Duration.ofSeconds(5));
		CacheEntry forever = entry(key, "fr", Headers.of("accept-language", "fr"), null);
		this.store.put(key, shortLived);
		this.store.put(key, forever);
		assertThat(pttl(this.store.entryKey(key, forever))).isEqualTo(-1);
		assertThat(pttl(this.store.requestIndex(key))).isEqualTo(-1);
		assertThat(pttl(this.store.urlIndex(key.urlKey()))).isEqualTo(-1);
		assertThat(pttl(this.store.entryKey(key, shortLived))).isPositive();
	}

	@Test
	void indexesOutliveTheirLongestLivedVariant() {
		CacheKey key = key("/longest", "GET");
		CacheEntry hour = entry(key, "en", Headers.of("accept-language", "en"), Duration.ofHours(1));
		CacheEntry minute = entry(key, "fr", Headers.of("accept-language", "fr"), Duration.ofMinutes(1));
		this.store.put(key, hour);
		this.store.put(key, minute);
		assertThat(pttl(this.store.requestIndex(key))).isGreaterThanOrEqualTo(pttl(this.store.entryKey(key, hour)) - 1000);
	}

	@Test
	void everyKeyOfAUrlSharesItsHashTagUnderThePrefix() {
		CacheKey get = key("/tagged", "GET");
		CacheKey head = key("/tagged", "HEAD");
		this.store.put(get, entry(get, "en", Headers.of("accept-language", "en"), null));
		this.store.put(get, entry(get, "fr", Headers.of("accept-language", "fr"), null));
		this.store.put(head, entry(head, "", Headers.empty(), null));
		List<String> keys = keys();
		// the generation, the URL index, two request indexes and three entries
		assertThat(keys).hasSize(7).allSatisfy((key) -> assertThat(key).startsWith(this.prefix + "{" + get.urlKey() + "}:"));
	}

	@Test
	void corruptValueReadsAsAMissAndIsDeleted() {
		CacheKey key = key("/corrupt", "GET");
		CacheEntry entry = entry(key, "A", Headers.empty(), null);
		this.store.put(key, entry);
		byte[] encoded = new CacheEntryCodec().encode(entry);
		byte[] hugeBody = encoded.clone();
		java.nio.ByteBuffer.wrap(hugeBody).putInt(hugeBody.length - entry.body().length - 4, Integer.MAX_VALUE);
		for (byte[] garbage : List.of("{\"not\":\"ours\"}".getBytes(StandardCharsets.UTF_8), new byte[] { 'H', 'C', 1, 0 },
				new byte[] { 'H', 'C', 2, 0, 0, 0 }, CacheEntryCodecBoundsTests.withStatus(encoded, 1000), hugeBody)) {
			byte[] entryKey = this.store.entryKey(key, entry).getBytes(StandardCharsets.UTF_8);
			try (RedisConnection connection = connectionFactory.getConnection()) {
				connection.stringCommands().set(entryKey, garbage);
			}
			assertThat(this.store.get(key)).isEmpty();
			// Only the URL's generation stays, so that nothing of the old one is written back.
			assertThat(keys()).containsExactly(this.store.generationKey(key.urlKey()));
			this.store.put(key, entry);
			assertThat(this.store.get(key)).containsExactly(entry);
		}
	}

	@Test
	void clearLeavesKeysOutsideThePrefixAlone() {
		byte[] foreign = ("other-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
		try (RedisConnection connection = connectionFactory.getConnection()) {
			connection.stringCommands().set(foreign, new byte[] { 1 });
			CacheKey key = key("/mine", "GET");
			this.store.put(key, entry(key, "A", Headers.empty(), null));
			this.store.clear();
			assertThat(keys()).isEmpty();
			assertThat(connection.keyCommands().exists(foreign)).isTrue();
			connection.keyCommands().del(foreign);
		}
	}

	@Test
	void reportsTheBytesRedisHoldsPerEntry() {
		for (int size : new int[] { 1024, 64 * 1024 }) {
			// Real keys are 32 hex digits each, as CacheKeys makes them.
			CacheKey key = new CacheKey(hex32("url" + size), hex32("request" + size), "https://api.example.com/users?page=1");
			CacheEntry entry = entry(key, CacheEntryCodecTests.json(size), Headers.empty(), Duration.ofMinutes(10));
			this.store.put(key, entry);
			try (RedisConnection connection = connectionFactory.getConnection()) {
				long value = connection.stringCommands().strLen(this.store.entryKey(key, entry).getBytes(StandardCharsets.UTF_8));
				long memory = 0;
				for (String stored : keys()) {
					if (stored.contains(key.urlKey())) {
						Long usage = connection.scriptingCommands()
							.eval("return redis.call('MEMORY', 'USAGE', KEYS[1])".getBytes(StandardCharsets.UTF_8),
									ReturnType.INTEGER, 1, stored.getBytes(StandardCharsets.UTF_8));
						memory += (usage != null) ? usage : 0;
					}
				}
				System.out.printf("Redis store: %d-byte JSON body -> value of %d bytes; %d bytes of Redis memory "
						+ "for the entry and its two indexes (MEMORY USAGE)%n", size, value, memory);
				assertThat(value).isLessThan(size);
			}
		}
	}

	private static String hex32(String text) {
		try {
			byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return java.util.HexFormat.of().formatHex(hash).substring(0, 32);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private long pttl(String key) {
		try (RedisConnection connection = connectionFactory.getConnection()) {
			return connection.keyCommands().pTtl(key.getBytes(StandardCharsets.UTF_8));
		}
	}

	private List<String> keys() {
		List<String> keys = new ArrayList<>();
		try (RedisConnection connection = connectionFactory.getConnection();
				Cursor<byte[]> cursor = connection.keyCommands()
					.scan(ScanOptions.scanOptions().match(RedisCacheStore.escapeGlob(this.prefix) + "*").count(1000).build())) {
			cursor.forEachRemaining((key) -> keys.add(new String(key, StandardCharsets.UTF_8)));
		}
		return keys;
	}


}
