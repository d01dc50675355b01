package io.github.httpcache.store;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

/**
 * Stores entries in Redis through the application's {@link RedisConnectionFactory}.
 * <p>
 * Layout, every key under the prefix and sharing the URL's hash tag so that one URL's keys live in one
 * Redis Cluster slot and scripts may touch them together:
 * <pre>
 * {prefix}{urlKey}:v:{requestKey}:{variantKey}   one encoded entry per variant (string)
 * {prefix}{urlKey}:r:{requestKey}                 the variant keys of a request key (set)
 * {prefix}{urlKey}:u                              the request indexes of the URL (set)
 * </pre>
 * A lookup is one script call (one round trip) that reads the request index and every variant; a
 * write sets the entry and both indexes in one script, atomically. Entries that can expire get a TTL
 * of their remaining freshness plus {@code retainStale}, so Redis reclaims them by itself while keeping
 * them long enough to be revalidated; entries that never expire get none.
 * <p>
 * {@link ReactiveRedisCacheStore} uses this layout, these scripts and this codec through the reactive
 * API, so an entry written by one client is read by the other.
 */
public final class RedisCacheStore implements CacheStore {

	private static final Log logger = LogFactory.getLog(RedisCacheStore.class);

	/** KEYS[1] request index. Returns the values of its live members and forgets the expired ones. */
	static final String LOOKUP = """
			local members = redis.call('SMEMBERS', KEYS[1])
			if #members == 0 then return {} end
			local values = redis.call('MGET', unpack(members))
			local found = {}
			for i, value in ipairs(values) do
			  if value then found[#found + 1] = value else redis.call('SREM', KEYS[1], members[i]) end
			end
			return found
			""";

	/** KEYS entry, request index, URL index; ARGV value, TTL in ms or -1 for none. */
	static final String PUT = """
			local ttl = tonumber(ARGV[2])
			if ttl > 0 then redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl) else redis.call('SET', KEYS[1], ARGV[1]) end
			for i = 2, 3 do
			  local fresh = redis.call('EXISTS', KEYS[i]) == 0
			  redis.call('SADD', KEYS[i], (i == 2) and KEYS[1] or KEYS[2])
			  if ttl <= 0 then redis.call('PERSIST', KEYS[i])
			  else
			    local current = redis.call('PTTL', KEYS[i])
			    if fresh or (current >= 0 and current < ttl) then redis.call('PEXPIRE', KEYS[i], ttl) end
			  end
			end
			return 1
			""";

	/** KEYS[1] URL index. Deletes every entry and index of the URL. */
	static final String EVICT = """
			local requests = redis.call('SMEMBERS', KEYS[1])
			for _, request in ipairs(requests) do
			  local variants = redis.call('SMEMBERS', request)
			  if #variants > 0 then redis.call('DEL', unpack(variants)) end
			  redis.call('DEL', request)
			end
			redis.call('DEL', KEYS[1])
			return #requests
			""";

	private final RedisConnectionFactory connectionFactory;

	private final CacheEntryCodec codec = new CacheEntryCodec();

	private final String prefix;

	private final Duration retainStale;

	private final Clock clock;

	public RedisCacheStore(RedisConnectionFactory connectionFactory, String prefix, Duration retainStale, Clock clock) {
		this.connectionFactory = connectionFactory;
		this.prefix = prefix;
		this.retainStale = retainStale;
		this.clock = clock;
	}

	public String prefix() {
		return this.prefix;
	}

	@Override
	public List<CacheEntry> get(CacheKey key) {
		List<byte[]> values = execute((connection) -> connection.scriptingCommands()
			.eval(bytes(LOOKUP), ReturnType.MULTI, 1, bytes(requestIndex(key))), "get");
		if (values == null || values.isEmpty()) {
			return List.of();
		}
		List<CacheEntry> entries = new ArrayList<>(values.size());
		for (byte[] value : values) {
			try {
				entries.add(decode(value));
			}
			catch (CorruptEntryException ex) {
				logger.warn("Ignoring and deleting an unreadable cache entry for " + key.url() + ": " + ex.getMessage());
				evictUrl(key.urlKey());
				return List.of();
			}
		}
		return entries;
	}

	@Override
	public void put(CacheKey key, CacheEntry entry) {
		byte[] value = encode(entry);
		long ttl = ttlMillis(entry);
		execute((connection) -> connection.scriptingCommands()
			.eval(bytes(PUT), ReturnType.INTEGER, 3, bytes(entryKey(key, entry)), bytes(requestIndex(key)),
					bytes(urlIndex(key.urlKey())), value, bytes(Long.toString(ttl))), "put");
	}

	@Override
	public void evictUrl(String urlKey) {
		execute((connection) -> connection.scriptingCommands()
			.eval(bytes(EVICT), ReturnType.INTEGER, 1, bytes(urlIndex(urlKey))), "delete");
	}

	/** Deletes every key under the prefix with {@code SCAN} and {@code UNLINK}; never {@code FLUSHDB}. */
	@Override
	public void clear() {
		execute((connection) -> {
			List<byte[]> batch = new ArrayList<>();
			ScanOptions options = ScanOptions.scanOptions().match(escapeGlob(this.prefix) + "*").count(500).build();
			try (Cursor<byte[]> cursor = connection.keyCommands().scan(options)) {
				while (cursor.hasNext()) {
					batch.add(cursor.next());
					if (batch.size() == 500) {
						connection.keyCommands().unlink(batch.toArray(new byte[0][]));
						batch.clear();
					}
				}
			}
			if (!batch.isEmpty()) {
				connection.keyCommands().unlink(batch.toArray(new byte[0][]));
			}
			return null;
		}, "delete");
	}

	/** Remaining freshness plus the retention window, or -1 (no TTL) for entries that never expire. */
	long ttlMillis(CacheEntry entry) {
		if (entry.expires() == null) {
			return -1;
		}
		long millis = Duration.between(this.clock.instant(), entry.expires()).plus(this.retainStale).toMillis();
		return Math.max(millis, 1000);
	}

	/** The stored form of an entry; {@link ReactiveRedisCacheStore} writes through it too. */
	byte[] encode(CacheEntry entry) {
		return this.codec.encode(entry);
	}

	/** Reads a stored value; {@link ReactiveRedisCacheStore} reads through it too. */
	CacheEntry decode(byte[] value) {
		return this.codec.decode(value);
	}

	String entryKey(CacheKey key, CacheEntry entry) {
		return this.prefix + "{" + key.urlKey() + "}:v:" + key.requestKey() + ":" + entry.variantKey();
	}

	String requestIndex(CacheKey key) {
		return this.prefix + "{" + key.urlKey() + "}:r:" + key.requestKey();
	}

	String urlIndex(String urlKey) {
		return this.prefix + "{" + urlKey + "}:u";
	}

	private <T> T execute(RedisCallback<T> callback, String operation) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return callback.doInRedis(connection);
		}
		catch (RuntimeException ex) {
			throw new CacheStoreException("Redis " + operation + " failed: " + ex.getMessage(), ex);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static String escapeGlob(String text) {
		return text.replaceAll("([\\\\*?\\[\\]])", "\\\\$1");
	}

	@FunctionalInterface
	private interface RedisCallback<T> {

		T doInRedis(RedisConnection connection);

	}

}
