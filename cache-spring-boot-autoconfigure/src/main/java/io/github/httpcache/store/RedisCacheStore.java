package io.github.httpcache.store;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.types.Expiration;

/**
 * Stores entries in Redis through the application's {@link RedisConnectionFactory}.
 * <p>
 * Layout, every key under the prefix and sharing the URL's hash tag so that one URL's keys live in one
 * Redis Cluster slot and scripts may touch them together:
 * <pre>
 * {prefix}{urlKey}:v:{requestKey}:{variantKey}   one encoded entry per variant (string)
 * {prefix}{urlKey}:r:{requestKey}                 the variant keys of a request key (set)
 * {prefix}{urlKey}:u                              the request indexes of the URL (set)
 * {prefix}{urlKey}:l:{requestKey}                 the fetch lease of a request key (string, with a TTL)
 * </pre>
 * A lookup is one script call (one round trip) that reads the request index and every variant; a
 * write sets the entry and both indexes in one script, atomically. Entries that can expire get a TTL
 * of their remaining freshness plus {@code retainStale}, so Redis reclaims them by itself while keeping
 * them long enough to be revalidated; entries that never expire get none.
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

	/** KEYS[1] lease; ARGV[1] owner. Deletes the lease only if the owner still holds it. */
	static final String RELEASE = """
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0
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
				entries.add(this.codec.decode(value));
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
		byte[] value = this.codec.encode(entry);
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

	/**
	 * Reads the URL index, then each request index, then the entries; several round trips, which is
	 * fine for the actuator endpoint that calls it. Unreadable entries are left out.
	 */
	@Override
	public List<CacheEntry> entriesForUrl(String urlKey) {
		List<byte[]> values = execute((connection) -> {
			List<byte[]> found = new ArrayList<>();
			Set<byte[]> requestIndexes = connection.setCommands().sMembers(bytes(urlIndex(urlKey)));
			for (byte[] requestIndex : (requestIndexes != null) ? requestIndexes : Set.<byte[]>of()) {
				Set<byte[]> entryKeys = connection.setCommands().sMembers(requestIndex);
				if (entryKeys != null && !entryKeys.isEmpty()) {
					List<byte[]> entries = connection.stringCommands().mGet(entryKeys.toArray(new byte[0][]));
					if (entries != null) {
						entries.stream().filter(Objects::nonNull).forEach(found::add);
					}
				}
			}
			return found;
		}, "get");
		List<CacheEntry> entries = new ArrayList<>(values.size());
		for (byte[] value : values) {
			try {
				entries.add(this.codec.decode(value));
			}
			catch (CorruptEntryException ex) {
				logger.debug("Leaving out an unreadable cache entry: " + ex.getMessage());
			}
		}
		return entries;
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

	/** {@code SET lease owner NX PX ttl}: one owner at a time, and a crashed owner's lease runs out. */
	@Override
	public boolean tryLease(CacheKey key, String owner, Duration ttl) {
		Boolean taken = execute((connection) -> connection.stringCommands()
			.set(bytes(leaseKey(key)), bytes(owner), Expiration.milliseconds(Math.max(ttl.toMillis(), 1)),
					SetOption.ifAbsent()), "lease");
		return Boolean.TRUE.equals(taken);
	}

	@Override
	public void releaseLease(CacheKey key, String owner) {
		execute((connection) -> connection.scriptingCommands()
			.eval(bytes(RELEASE), ReturnType.INTEGER, 1, bytes(leaseKey(key)), bytes(owner)), "release");
	}

	/** Remaining freshness plus the retention window, or -1 (no TTL) for entries that never expire. */
	long ttlMillis(CacheEntry entry) {
		if (entry.expires() == null) {
			return -1;
		}
		long millis = Duration.between(this.clock.instant(), entry.expires()).plus(this.retainStale).toMillis();
		return Math.max(millis, 1000);
	}

	String entryKey(CacheKey key, CacheEntry entry) {
		return this.prefix + "{" + key.urlKey() + "}:v:" + key.requestKey() + ":" + entry.variantKey();
	}

	String requestIndex(CacheKey key) {
		return this.prefix + "{" + key.urlKey() + "}:r:" + key.requestKey();
	}

	String leaseKey(CacheKey key) {
		return this.prefix + "{" + key.urlKey() + "}:l:" + key.requestKey();
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
