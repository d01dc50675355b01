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

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
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
 * <p>
 * Redis Cluster and Sentinel need nothing of ours: the connection factory Spring Boot builds from
 * {@code spring.data.redis.cluster.*} or {@code sentinel.*} routes each script by its first key, and
 * all keys of a script share one hash tag, hence one slot.
 * <p>
 * Every call goes through a {@link StoreCallGuard}: it is bounded by {@code http.cache.redis.timeout}
 * whatever the client's own timeout, and skipped while a circuit breaker is open after consecutive
 * failures. Values that cannot be decoded read as a miss and are deleted.
 * <p>
 * {@link ReactiveRedisCacheStore} uses this layout, these scripts and this codec through the reactive
 * API, so an entry written by one client is read by the other.
 */
public final class RedisCacheStore implements CacheStore, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisCacheStore.class);

	/** Bound on administrative calls (the actuator endpoint's listing and clearing), not on requests. */
	private static final Duration ADMIN_TIMEOUT = Duration.ofMinutes(1);

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

	/** KEYS[1] lease; ARGV owner, TTL in ms. {@code SET NX PX} as a script, for the reactive store: 1 when taken. */
	static final String LEASE = """
			if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
			return 0
			""";

	/** KEYS[1] lease; ARGV[1] owner. Deletes the lease only if the owner still holds it. */
	static final String RELEASE = """
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0
			""";

	private final RedisConnectionFactory connectionFactory;

	private final CacheEntryCodec codec = new CacheEntryCodec();

	private final StoredEntryReader reader = new StoredEntryReader(this.codec, logger);

	private final String prefix;

	private final EntryLifetime lifetime;

	private final Clock clock;

	private final StoreCallGuard guard;

	/** A store with the default timeout (250 ms) and circuit breaker (3 failures, 5 s cool-down). */
	public RedisCacheStore(RedisConnectionFactory connectionFactory, String prefix, Duration retainStale, Clock clock) {
		this(connectionFactory, prefix, retainStale, clock, new StoreCallGuard());
	}

	/**
	 * A store whose calls the given guard bounds in time and skips while Redis keeps failing.
	 * @param connectionFactory the application's connection factory (standalone, Sentinel or Cluster)
	 * @param prefix the namespace of every key written
	 * @param retainStale how long an entry is kept past its expiry
	 * @param clock the clock TTLs are computed with
	 * @param guard bounds every call; closed with this store
	 */
	public RedisCacheStore(RedisConnectionFactory connectionFactory, String prefix, Duration retainStale, Clock clock,
			StoreCallGuard guard) {
		this.connectionFactory = connectionFactory;
		this.prefix = prefix;
		this.lifetime = new EntryLifetime(retainStale);
		this.clock = clock;
		this.guard = guard;
	}

	public String prefix() {
		return this.prefix;
	}

	public StoreCallGuard guard() {
		return this.guard;
	}

	@Override
	public List<CacheEntry> get(CacheKey key) {
		List<byte[]> values = execute((connection) -> connection.scriptingCommands()
			.eval(bytes(LOOKUP), ReturnType.MULTI, 1, bytes(requestIndex(key))), "get");
		if (values == null || values.isEmpty()) {
			return List.of();
		}
		StoredEntryReader.Entries read = this.reader.read(values, key.url());
		if (read.unreadable() > 0) {
			// The script returns values without their keys: drop the URL's entries, a miss for each.
			evictUrl(key.urlKey());
		}
		return read.entries();
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

	/**
	 * Every entry stored for the URL key, whatever its method, credentials or variant (the actuator
	 * endpoint's {@code CacheStore#entriesForUrl}); unreadable entries are left out. Reads the URL
	 * index, each request index and the entries in several round trips, so it gets the administrative
	 * time bound rather than a request's.
	 * @param urlKey the URL key
	 * @return the entries
	 */
	@Override
	public List<CacheEntry> entriesForUrl(String urlKey) {
		List<byte[]> values = this.guard.call("get", ADMIN_TIMEOUT, () -> {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
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
			}
		});
		return this.reader.read(values, urlKey).entries();
	}

	/**
	 * Deletes every key under the prefix with {@code SCAN} and {@code UNLINK}; never {@code FLUSHDB}.
	 * An administrative call, so it may take longer than a request's store call (up to a minute).
	 */
	@Override
	public void clear() {
		this.guard.call("delete", ADMIN_TIMEOUT, () -> {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				clear(connection);
			}
			return null;
		});
	}

	private void clear(RedisConnection connection) {
		ScanOptions options = ScanOptions.scanOptions().match(escapeGlob(this.prefix) + "*").count(500).build();
		if (connection instanceof RedisClusterConnection cluster) {
			// SCAN walks one node: walk every master (the one place the topology shows through).
			for (RedisClusterNode node : cluster.clusterGetNodes()) {
				// Only masters that serve slots: a node still in handshake or marked failed holds no keys.
				if (node.isMaster() && node.isConnected() && !node.getSlotRange().getSlots().isEmpty()
						&& !node.getFlags().contains(RedisClusterNode.Flag.HANDSHAKE)
						&& !node.getFlags().contains(RedisClusterNode.Flag.FAIL)
						&& !node.getFlags().contains(RedisClusterNode.Flag.NOADDR)) {
					unlinkAll(connection, cluster.scan(node, options));
				}
			}
		}
		else {
			unlinkAll(connection, connection.keyCommands().scan(options));
		}
	}

	private static void unlinkAll(RedisConnection connection, Cursor<byte[]> keys) {
		List<byte[]> batch = new ArrayList<>();
		try (keys) {
			while (keys.hasNext()) {
				batch.add(keys.next());
				if (batch.size() == 500) {
					connection.keyCommands().unlink(batch.toArray(new byte[0][]));
					batch.clear();
				}
			}
		}
		if (!batch.isEmpty()) {
			connection.keyCommands().unlink(batch.toArray(new byte[0][]));
		}
	}

	/**
	 * Visits every URL key with {@code SCAN MATCH {prefix}{*}:u} (each URL's index), a cursor walked in
	 * batches of 500 on every master of a cluster; never {@code KEYS}. An administrative call, so it
	 * gets the administrative time bound.
	 */
	@Override
	public void forEachUrlKey(java.util.function.Consumer<String> action) {
		String start = this.prefix + "{";
		ScanOptions options = ScanOptions.scanOptions().match(escapeGlob(start) + "*}:u").count(500).build();
		List<String> urlKeys = this.guard.call("get", ADMIN_TIMEOUT, () -> {
			List<String> found = new ArrayList<>();
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				if (connection instanceof RedisClusterConnection cluster) {
					for (RedisClusterNode node : cluster.clusterGetNodes()) {
						if (node.isMaster() && node.isConnected() && !node.getSlotRange().getSlots().isEmpty()) {
							collectUrlKeys(cluster.scan(node, options), start, found);
						}
					}
				}
				else {
					collectUrlKeys(connection.keyCommands().scan(options), start, found);
				}
			}
			return found;
		});
		urlKeys.forEach(action);
	}

	private static void collectUrlKeys(Cursor<byte[]> keys, String start, List<String> found) {
		try (keys) {
			while (keys.hasNext()) {
				String key = new String(keys.next(), StandardCharsets.UTF_8);
				if (key.startsWith(start) && key.endsWith("}:u")) {
					found.add(key.substring(start.length(), key.length() - 3));
				}
			}
		}
	}

	/**
	 * Connects to Redis in the background, so that the first requests do not pay for the client's
	 * start-up (class loading, connecting) within their timeout. Does nothing visible when Redis is
	 * down: the first request's call fails and the breaker takes over.
	 */
	public void warmUp() {
		this.guard.runInBackground(() -> {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				connection.ping();
			}
		});
	}

	/** Stops the threads that bound store calls. */
	@Override
	public void close() {
		this.guard.close();
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
		Duration ttl = this.lifetime.timeToLive(entry, this.clock.instant());
		return (ttl != null) ? ttl.toMillis() : -1;
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

	String leaseKey(CacheKey key) {
		return this.prefix + "{" + key.urlKey() + "}:l:" + key.requestKey();
	}

	String urlIndex(String urlKey) {
		return this.prefix + "{" + urlKey + "}:u";
	}

	private <T> T execute(RedisCallback<T> callback, String operation) {
		return this.guard.call(operation, () -> {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				return callback.doInRedis(connection);
			}
		});
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
