package io.github.httpcache.internal.store;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.CacheStoreException;
import io.github.httpcache.store.Lookup;

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
 * {prefix}{urlKey}:g                              the URL's generation (string, an integer)
 * {prefix}{urlKey}:u                              the URL's request indexes (sorted set, scored by expiry)
 * {prefix}{urlKey}:r:{gen}:{requestKey}           a request key's variants (sorted set, scored by write time)
 * {prefix}{urlKey}:v:{gen}:{requestKey}:{variant} one encoded entry per variant (string)
 * {prefix}{urlKey}:d:{gen}                        a URL index being deleted after an invalidation
 * {prefix}{urlKey}:l:{requestKey}                 the fetch lease of a request key (string, with a TTL)
 * {prefix}key-secret                              the secret that keys credential digests (string, no TTL)
 * </pre>
 * <b>Invalidation that holds.</b> An invalidation moves the URL to a new generation in one atomic
 * step; lookups read only the current generation's keys, so from that moment nothing older is served,
 * even entries whose index Redis evicted under memory pressure. A write carries the generation its
 * request read and is refused if the URL moved on meanwhile, so a response fetched before an
 * invalidation is never stored after it. A generation that Redis loses is recreated from Redis's clock,
 * never reused. The old generation's keys are then deleted in bounded steps ({@link #DRAIN_BUDGET} keys
 * per script call, with {@code UNLINK}), in the background when a URL has many, so no single script
 * holds Redis up. An invalidation that cannot reach Redis is remembered and retried; until it succeeds
 * this instance reads the URL as a miss.
 * <p>
 * <b>Bounded keyspace.</b> Entries that can expire get a TTL of their remaining freshness plus
 * {@code retainStale}; each index gets a TTL at least as long as its longest entry (refreshed on every
 * write; none while an entry never expires), and the URL index drops members whose time is up as it is
 * written. A request key keeps at most {@code maxVariants} variants: writing one more deletes the least
 * recently written, and a lookup reads no more than that.
 * <p>
 * Every script checks the type of the keys it touches: a value of another type under the prefix (left
 * by another version or someone else) is deleted, as an unreadable entry is, never a failed call.
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

	/** Bound on reading the key secret: once per process, possibly on its very first connection. */
	private static final Duration KEY_SECRET_TIMEOUT = Duration.ofSeconds(2);

	/** Default cap on the variants kept per request key, as {@code http.cache.max-variants}. */
	public static final int DEFAULT_MAX_VARIANTS = 16;

	/** Keys one deleting script call removes at most: well under a millisecond of Redis's time. */
	static final int DRAIN_BUDGET = 128;

	/**
	 * Helpers every script starts with. {@code typed} deletes a key of a foreign type (so the call goes
	 * on as if it were absent); {@code generation} reads the URL's generation, {@code '0'} when there is
	 * none, replacing a foreign value with a fresh one; {@code now} is Redis's clock in milliseconds.
	 */
	private static final String PRELUDE = """
			local function typed(key, kind)
			  local t = redis.call('TYPE', key)['ok']
			  if t == kind or t == 'none' then return true end
			  redis.call('UNLINK', key)
			  return false
			end
			local function now()
			  local t = redis.call('TIME')
			  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
			end
			local function generation(key)
			  if not typed(key, 'string') then return '0' end
			  local g = redis.call('GET', key)
			  if not g then return '0' end
			  if not tonumber(g) then redis.call('UNLINK', key) return '0' end
			  return g
			end
			local function drain(dying, budget)
			  if not typed(dying, 'zset') then return 0 end
			  while budget > 0 do
			    local batch = redis.call('ZRANGE', dying, 0, 15)
			    if #batch == 0 then break end
			    for _, r in ipairs(batch) do
			      if typed(r, 'zset') then
			        local entries = redis.call('ZRANGE', r, 0, budget - 1)
			        if #entries > 0 then
			          redis.call('UNLINK', unpack(entries))
			          redis.call('ZREM', r, unpack(entries))
			          budget = budget - #entries
			        end
			      end
			      if redis.call('EXISTS', r) == 0 then redis.call('ZREM', dying, r) end
			      budget = budget - 1
			      if budget <= 0 then break end
			    end
			  end
			  return redis.call('ZCARD', dying)
			end
			""";

	/**
	 * KEYS[1] generation; ARGV base (the URL's key prefix), request key, cap, {@code '1'} for the
	 * generation alone. Returns the generation followed by the values of the request's most recent
	 * variants (at most the cap), and forgets the members that expired.
	 */
	static final String LOOKUP = PRELUDE + """
			local g = generation(KEYS[1])
			if ARGV[4] == '1' then return {g} end
			local r = ARGV[1] .. 'r:' .. g .. ':' .. ARGV[2]
			if not typed(r, 'zset') then return {g} end
			local members = redis.call('ZREVRANGE', r, 0, tonumber(ARGV[3]) - 1)
			local found = {g}
			if #members == 0 then return found end
			local values = redis.call('MGET', unpack(members))
			for i = 1, #members do
			  local value = values[i]
			  if value then found[#found + 1] = value
			  else
			    redis.call('ZREM', r, members[i])
			    redis.call('UNLINK', members[i])
			  end
			end
			return found
			""";

	/**
	 * KEYS[1] generation; ARGV base, request key, variant key, value, TTL in ms or -1 for none, the
	 * generation the request read (or -1 for no check), cap, {@code '1'} when the value is only a new
	 * head for the stored body (a 304), that body's length. Returns 1 when stored, 0 when refused
	 * because the URL was invalidated since, 2 when there was no stored body of that length to keep
	 * (the caller then writes the whole entry).
	 */
	static final String PUT = PRELUDE + """
			local g = generation(KEYS[1])
			if ARGV[6] ~= '-1' and ARGV[6] ~= g then return 0 end
			local value = ARGV[4]
			if ARGV[8] == '1' then
			  -- A 304: keep the stored body section ('HC' 3, i32 head length, head, body) behind the new head.
			  if g == '0' then return 2 end
			  local stored = ARGV[1] .. 'v:' .. g .. ':' .. ARGV[2] .. ':' .. ARGV[3]
			  if not typed(stored, 'string') then return 2 end
			  local old = redis.call('GET', stored)
			  if not old or #old < 12 or string.sub(old, 1, 3) ~= 'HC\\3' then return 2 end
			  local bodyAt = 8 + struct.unpack('>i4', old, 4)
			  if bodyAt + 4 > #old or struct.unpack('>i4', old, bodyAt + 1) ~= tonumber(ARGV[9]) then return 2 end
			  value = value .. string.sub(old, bodyAt)
			end
			local t = now()
			local ttl = tonumber(ARGV[5])
			local function outlive(key, fresh)
			  if ttl <= 0 then redis.call('PERSIST', key) return end
			  local current = redis.call('PTTL', key)
			  if fresh or (current >= 0 and current < ttl) then redis.call('PEXPIRE', key, ttl) end
			end
			if g == '0' then
			  -- A new generation from Redis's clock: never one an invalidation already retired.
			  g = tostring(t)
			  redis.call('SET', KEYS[1], g)
			  outlive(KEYS[1], true)
			else
			  outlive(KEYS[1], false)
			end
			local base = ARGV[1]
			local r = base .. 'r:' .. g .. ':' .. ARGV[2]
			local v = base .. 'v:' .. g .. ':' .. ARGV[2] .. ':' .. ARGV[3]
			local u = base .. 'u'
			if ttl > 0 then redis.call('SET', v, value, 'PX', ttl) else redis.call('SET', v, value) end
			typed(r, 'zset')
			local freshR = redis.call('EXISTS', r) == 0
			-- Scored by write order: Redis's clock, or one past the latest when writes share a millisecond.
			local order = t
			local latest = redis.call('ZREVRANGE', r, 0, 0, 'WITHSCORES')
			if latest[2] and tonumber(latest[2]) >= order then order = tonumber(latest[2]) + 1 end
			redis.call('ZADD', r, order, v)
			outlive(r, freshR)
			local cap = tonumber(ARGV[7])
			local excess = redis.call('ZCARD', r) - cap
			if excess > 0 then
			  local old = redis.call('ZRANGE', r, 0, math.min(excess, 1000) - 1)
			  redis.call('UNLINK', unpack(old))
			  redis.call('ZREM', r, unpack(old))
			end
			typed(u, 'zset')
			local freshU = redis.call('EXISTS', u) == 0
			local score = redis.call('ZSCORE', u, r)
			if ttl <= 0 then redis.call('ZADD', u, '+inf', r)
			elseif (not score) or (score ~= 'inf' and tonumber(score) < t + ttl) then redis.call('ZADD', u, t + ttl, r) end
			outlive(u, freshU)
			local dead = redis.call('ZRANGEBYSCORE', u, '-inf', t, 'LIMIT', 0, 16)
			if #dead > 0 then redis.call('ZREM', u, unpack(dead)) end
			return 1
			""";

	/**
	 * KEYS[1] generation; ARGV base. Moves the URL to a new generation (so nothing read before is
	 * served or stored again), sets the old URL index aside under {@code d:{gen}} and deletes what a
	 * first bounded step can. Returns the set-aside key ({@code ''} when there was none) and how many
	 * request indexes remain in it.
	 */
	static final String EVICT = PRELUDE + """
			local g = generation(KEYS[1])
			local new
			if g == '0' then
			  new = now()
			  redis.call('SET', KEYS[1], new)
			else
			  new = redis.call('INCR', KEYS[1])
			end
			-- Writes extend it as they store entries; an hour outlasts any write still in flight.
			redis.call('PEXPIRE', KEYS[1], 3600000)
			local u = ARGV[1] .. 'u'
			if not typed(u, 'zset') or redis.call('EXISTS', u) == 0 then return {'', 0} end
			local dying = ARGV[1] .. 'd:' .. new
			redis.call('RENAME', u, dying)
			return {dying, drain(dying, tonumber(ARGV[2]))}
			""";

	/** KEYS[1] a set-aside URL index; ARGV budget. Deletes up to the budget; returns how many request indexes remain. */
	static final String DRAIN = PRELUDE + """
			return drain(KEYS[1], tonumber(ARGV[1]))
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

	/**
	 * KEYS[1] key secret; ARGV[1] candidate. {@code SET NX} then {@code GET} as one script: the first
	 * instance's candidate wins and every instance reads the same secret.
	 */
	static final String KEY_SECRET = """
			redis.call('SET', KEYS[1], ARGV[1], 'NX')
			return redis.call('GET', KEYS[1])
			""";

	private static final boolean LETTUCE_PRESENT = org.springframework.util.ClassUtils.isPresent(
			"io.lettuce.core.RedisFuture", RedisCacheStore.class.getClassLoader());

	static final RedisScript LOOKUP_SCRIPT = RedisScript.of(LOOKUP, ReturnType.MULTI);

	static final RedisScript PUT_SCRIPT = RedisScript.of(PUT, ReturnType.INTEGER);

	static final RedisScript EVICT_SCRIPT = RedisScript.of(EVICT, ReturnType.MULTI);

	static final RedisScript DRAIN_SCRIPT = RedisScript.of(DRAIN, ReturnType.INTEGER);

	static final RedisScript LEASE_SCRIPT = RedisScript.of(LEASE, ReturnType.INTEGER);

	static final RedisScript RELEASE_SCRIPT = RedisScript.of(RELEASE, ReturnType.INTEGER);

	private final RedisConnectionFactory connectionFactory;

	/** Lettuce's shared connection, waited on the caller's thread; {@code null} for other clients. */
	private final @Nullable LettuceScriptCalls lettuce;

	private final CacheEntryCodec codec;

	private final StoredEntryReader reader;

	private final String prefix;

	private final EntryLifetime lifetime;

	private final Clock clock;

	private final StoreCallGuard guard;

	private final int maxVariants;

	private final PendingInvalidations pending = new PendingInvalidations();

	/** A store with the default timeout (250 ms) and circuit breaker (3 failures, 5 s cool-down). */
	public RedisCacheStore(RedisConnectionFactory connectionFactory, String prefix, Duration retainStale, Clock clock) {
		this(connectionFactory, prefix, retainStale, clock, new StoreCallGuard());
	}

	/** A store that keeps the default number of variants per request key (16). */
	public RedisCacheStore(RedisConnectionFactory connectionFactory, String prefix, Duration retainStale, Clock clock,
			StoreCallGuard guard) {
		this(connectionFactory, prefix, retainStale, clock, guard, DEFAULT_MAX_VARIANTS);
	}

	/**
	 * A store whose calls the given guard bounds in time and skips while Redis keeps failing.
	 * @param connectionFactory the application's connection factory (standalone, Sentinel or Cluster)
	 * @param prefix the namespace of every key written
	 * @param retainStale how long an entry is kept past its expiry
	 * @param clock the clock TTLs are computed with
	 * @param guard bounds every call; closed with this store
	 * @param maxVariants the variants kept per request key; writing one more deletes the least recent
	 */
	public RedisCacheStore(RedisConnectionFactory connectionFactory, String prefix, Duration retainStale, Clock clock,
			StoreCallGuard guard, int maxVariants) {
		this(connectionFactory, prefix, retainStale, clock, guard, new CacheEntryCodec(), maxVariants);
	}

	/**
	 * A store whose calls the given guard bounds, reading values with the given codec.
	 * @param connectionFactory the application's connection factory (standalone, Sentinel or Cluster)
	 * @param prefix the namespace of every key written
	 * @param retainStale how long an entry is kept past its expiry
	 * @param clock the clock TTLs are computed with
	 * @param guard bounds every call; closed with this store
	 * @param codec writes and reads values; its largest body should be {@code http.cache.max-entry-size}
	 * @param maxVariants the variants kept per request key; writing one more deletes the least recent
	 */
	public RedisCacheStore(RedisConnectionFactory connectionFactory, String prefix, Duration retainStale, Clock clock,
			StoreCallGuard guard, CacheEntryCodec codec, int maxVariants) {
		if (prefix.isEmpty()) {
			throw new IllegalArgumentException("'prefix' must not be empty: clear() deletes every key under it");
		}
		if (maxVariants < 1) {
			throw new IllegalArgumentException("'maxVariants' must be at least 1");
		}
		this.codec = codec;
		this.reader = new StoredEntryReader(codec, logger);
		this.connectionFactory = connectionFactory;
		this.prefix = prefix;
		this.lifetime = new EntryLifetime(retainStale);
		this.clock = clock;
		this.guard = guard;
		this.maxVariants = maxVariants;
		this.lettuce = LETTUCE_PRESENT ? LettuceScriptCalls.of(connectionFactory, guard) : null;
	}

	public String prefix() {
		return this.prefix;
	}

	public StoreCallGuard guard() {
		return this.guard;
	}

	public int maxVariants() {
		return this.maxVariants;
	}

	@Override
	public List<CacheEntry> get(CacheKey key) {
		return lookup(key).entries();
	}

	@Override
	public Lookup lookup(CacheKey key) {
		if (!invalidationHolds(key.urlKey())) {
			// Not NONE (a write with no check): the pending invalidation may land, and a later one
			// pass, before this request's write, which would then store what it fetched before that.
			return Lookup.UNFENCED;
		}
		List<byte[]> reply = script("get", LOOKUP_SCRIPT, bytes(generationKey(key.urlKey())), bytes(base(key.urlKey())),
				bytes(key.requestKey()), bytes(Integer.toString(this.maxVariants)), bytes("0"));
		if (reply == null || reply.isEmpty()) {
			return Lookup.UNFENCED;
		}
		long generation = parseGeneration(reply.get(0));
		List<byte[]> values = reply.subList(1, reply.size());
		if (values.isEmpty()) {
			return new Lookup(List.of(), generation);
		}
		StoredEntryReader.Entries read = this.reader.read(values, key.url());
		if (read.unreadable() > 0) {
			// The script returns values without their keys: drop the URL's entries, a miss for each.
			evictUrl(key.urlKey());
			// Not NONE: a write with no check made after a POST's invalidation that overtook this
			// request would store the older body it fetched (the soak test saw exactly that).
			return Lookup.UNFENCED;
		}
		return new Lookup(read.entries(), generation);
	}

	@Override
	public long generation(String urlKey) {
		if (!invalidationHolds(urlKey)) {
			return UNKNOWN_GENERATION;
		}
		List<byte[]> reply = script("get", LOOKUP_SCRIPT, bytes(generationKey(urlKey)), bytes(base(urlKey)), bytes(""),
				bytes("1"), bytes("1"));
		return (reply == null || reply.isEmpty()) ? UNKNOWN_GENERATION : parseGeneration(reply.get(0));
	}

	@Override
	public void put(CacheKey key, CacheEntry entry) {
		put(key, entry, ANY_GENERATION);
	}

	@Override
	public boolean put(CacheKey key, CacheEntry entry, long generation) {
		if (this.pending.contains(key.urlKey())) {
			// The URL's invalidation has not reached Redis yet: what is written now would be under it.
			return false;
		}
		byte[] value = encode(entry);
		byte[][] arguments = putArguments(key, entry, value, generation);
		Long stored = script("put", PUT_SCRIPT, arguments[0],
				java.util.Arrays.copyOfRange(arguments, 1, arguments.length));
		return stored != null && stored == 1;
	}

	/** The arguments of {@link #PUT}, shared with {@link ReactiveRedisCacheStore}. */
	byte[][] putArguments(CacheKey key, CacheEntry entry, byte[] value, long generation) {
		return putArguments(key, entry, value, generation, false);
	}

	/** The arguments of {@link #PUT}; {@code headOnly} when {@code value} is a head for the stored body. */
	byte[][] putArguments(CacheKey key, CacheEntry entry, byte[] value, long generation, boolean headOnly) {
		return new byte[][] { bytes(generationKey(key.urlKey())), bytes(base(key.urlKey())), bytes(key.requestKey()),
				bytes(entry.variantKey()), value, bytes(Long.toString(ttlMillis(entry))), bytes(Long.toString(generation)),
				bytes(Integer.toString(this.maxVariants)), bytes(headOnly ? "1" : "0"),
				bytes(Integer.toString(entry.body().length)) };
	}

	/**
	 * Writes only the head of a freshened entry (a 304, RFC 9111 §4.3.4) in front of the body Redis
	 * already holds for the variant: the body is not encoded, compressed or sent again. When Redis holds
	 * no body of that length for it (evicted, written by another version), the whole entry is written.
	 * The entry's body must be the stored one, as it is after a 304.
	 */
	@Override
	public boolean freshen(CacheKey key, CacheEntry entry, long generation) {
		if (this.pending.contains(key.urlKey())) {
			return false;
		}
		byte[][] arguments = putArguments(key, entry, this.codec.encodeHead(entry), generation, true);
		Long stored = script("put", PUT_SCRIPT, arguments[0], java.util.Arrays.copyOfRange(arguments, 1, arguments.length));
		if (stored != null && stored == 2) {
			return put(key, entry, generation);
		}
		return stored != null && stored == 1;
	}

	/** The head of an entry's stored form; {@link ReactiveRedisCacheStore} freshens through it too. */
	byte[] encodeHead(CacheEntry entry) {
		return this.codec.encodeHead(entry);
	}

	/**
	 * Moves the URL to a new generation and deletes its entries: at once when they are few, else in
	 * bounded steps in the background (a URL with a million request keys takes thousands of short
	 * scripts instead of one long one). If Redis cannot be reached the invalidation is remembered, the
	 * URL reads as a miss here, and it is retried.
	 */
	@Override
	public void evictUrl(String urlKey) {
		List<Object> reply;
		try {
			reply = script("delete", EVICT_SCRIPT, bytes(generationKey(urlKey)), bytes(base(urlKey)),
					bytes(Integer.toString(DRAIN_BUDGET)));
		}
		catch (CacheStoreException ex) {
			this.pending.add(urlKey);
			throw ex;
		}
		this.pending.done(urlKey);
		drainInBackground(reply);
	}

	private void drainInBackground(@Nullable List<Object> reply) {
		if (reply == null || reply.size() < 2 || !(reply.get(1) instanceof Long remaining) || remaining == 0
				|| !(reply.get(0) instanceof byte[] dying)) {
			return;
		}
		this.guard.runInBackground(() -> {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				Long left = remaining;
				while (left != null && left > 0) {
					left = connection.scriptingCommands()
						.eval(bytes(DRAIN), ReturnType.INTEGER, 1, dying, bytes(Integer.toString(DRAIN_BUDGET)));
				}
			}
			catch (RuntimeException ex) {
				// Nothing of it is served (its generation is gone); the keys' own TTLs or a clear reclaim them.
				logger.debug("Deleting an invalidated URL's entries stopped", ex);
			}
		});
	}

	/**
	 * Whether the URL may be read: no invalidation of it is waiting to reach Redis, or the one waiting
	 * has now been made. Also retries the other waiting invalidations, at most once a second.
	 */
	private boolean invalidationHolds(String urlKey) {
		if (this.pending.isEmpty()) {
			return true;
		}
		for (String other : this.pending.dueForRetry()) {
			if (!other.equals(urlKey)) {
				this.guard.runInBackground(() -> evictUrl(other));
			}
		}
		if (!this.pending.contains(urlKey)) {
			return true;
		}
		try {
			evictUrl(urlKey);
			return true;
		}
		catch (CacheStoreException ex) {
			return false;
		}
	}

	/** The set of URLs whose invalidation has not reached Redis; the reactive store shares it. */
	PendingInvalidations pending() {
		return this.pending;
	}

	static long parseGeneration(@Nullable Object value) {
		if (value instanceof byte[] bytes) {
			try {
				return Long.parseLong(new String(bytes, StandardCharsets.UTF_8));
			}
			catch (NumberFormatException ex) {
				return UNKNOWN_GENERATION;
			}
		}
		// The scripts always answer a number; anything else fences the write off rather than unchecking it.
		return (value instanceof Long number) ? number : UNKNOWN_GENERATION;
	}

	/**
	 * Every entry stored for the URL key, whatever its method, credentials or variant (the actuator
	 * endpoint's {@code CacheStore#entriesForUrl}), in its current generation; unreadable entries are
	 * left out. Reads the generation, the URL index, each request index and the entries in several
	 * round trips, so it gets the administrative time bound rather than a request's.
	 * @param urlKey the URL key
	 * @return the entries
	 */
	@Override
	public List<CacheEntry> entriesForUrl(String urlKey) {
		List<byte[]> values = this.guard.administrative("get", ADMIN_TIMEOUT, () -> {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				List<byte[]> found = new ArrayList<>();
				byte[] generation = connection.stringCommands().get(bytes(generationKey(urlKey)));
				if (generation == null) {
					return found;
				}
				String current = base(urlKey) + "r:" + new String(generation, StandardCharsets.UTF_8) + ":";
				Set<byte[]> requestIndexes = connection.zSetCommands().zRange(bytes(urlIndex(urlKey)), 0, -1);
				for (byte[] requestIndex : (requestIndexes != null) ? requestIndexes : Set.<byte[]>of()) {
					if (!new String(requestIndex, StandardCharsets.UTF_8).startsWith(current)) {
						continue;
					}
					Set<byte[]> entryKeys = connection.zSetCommands().zRange(requestIndex, 0, -1);
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
	 * {@code SET {prefix}key-secret candidate NX}, then the value kept: the same secret for every
	 * instance, whichever started first. An empty value (written by someone else) is an error, so the
	 * caller keeps bypassing for credentials rather than keying with nothing.
	 */
	@Override
	public byte[] keySecret(byte[] candidate) {
		// Read once at start-up, when the first connection may take longer than a request's bound.
		byte[] secret = this.guard.call("put", KEY_SECRET_TIMEOUT, () -> {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				return connection.scriptingCommands()
					.eval(bytes(KEY_SECRET), ReturnType.VALUE, 1, bytes(keySecretKey()), candidate);
			}
		});
		if (secret == null || secret.length == 0) {
			throw new CacheStoreException("The key secret at " + keySecretKey() + " is empty");
		}
		return secret;
	}

	/** Where the shared key secret is kept; {@link #clear} leaves it. */
	String keySecretKey() {
		return this.prefix + "key-secret";
	}

	/**
	 * Deletes every key under the prefix with {@code SCAN} and {@code UNLINK}; never {@code FLUSHDB}.
	 * The key secret stays: instances that are running keep keying with it, and an instance started
	 * after a clear must key the same way. An administrative call, so it may take longer than a
	 * request's store call (up to a minute).
	 */
	@Override
	public void clear() {
		this.guard.administrative("delete", ADMIN_TIMEOUT, () -> {
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
					unlinkAll(connection, cluster.scan(node, options), bytes(keySecretKey()));
				}
			}
		}
		else {
			unlinkAll(connection, connection.keyCommands().scan(options), bytes(keySecretKey()));
		}
	}

	private static void unlinkAll(RedisConnection connection, Cursor<byte[]> keys, byte[] kept) {
		List<byte[]> batch = new ArrayList<>();
		try (keys) {
			while (keys.hasNext()) {
				byte[] key = keys.next();
				if (!java.util.Arrays.equals(key, kept)) {
					batch.add(key);
				}
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
		if (this.lettuce != null) {
			this.lettuce.warmUp();
		}
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
		if (this.lettuce != null) {
			Long taken = this.lettuce.run("lease", this.guard.timeout(), LEASE_SCRIPT, bytes(leaseKey(key)), bytes(owner),
					bytes(Long.toString(Math.max(ttl.toMillis(), 1))));
			return taken != null && taken == 1;
		}
		Boolean taken = execute((connection) -> connection.stringCommands()
			.set(bytes(leaseKey(key)), bytes(owner), Expiration.milliseconds(Math.max(ttl.toMillis(), 1)),
					SetOption.ifAbsent()), "lease");
		return Boolean.TRUE.equals(taken);
	}

	@Override
	public void releaseLease(CacheKey key, String owner) {
		script("release", RELEASE_SCRIPT, bytes(leaseKey(key)), bytes(owner));
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

	/** Reads stored values, logging the unreadable at a bounded rate; the reactive store shares it. */
	StoredEntryReader reader() {
		return this.reader;
	}

	/** Reads a stored value; {@link ReactiveRedisCacheStore} reads through it too. */
	CacheEntry decode(byte[] value) {
		return this.codec.decode(value);
	}

	/** The key an entry has in its URL's current generation; for tests and diagnostics (a blocking read). */
	String entryKey(CacheKey key, CacheEntry entry) {
		return entryKey(key, entry, currentGeneration(key.urlKey()));
	}

	/** The request index in its URL's current generation; for tests and diagnostics (a blocking read). */
	String requestIndex(CacheKey key) {
		return base(key.urlKey()) + "r:" + currentGeneration(key.urlKey()) + ":" + key.requestKey();
	}

	private long currentGeneration(String urlKey) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			byte[] value = connection.stringCommands().get(bytes(generationKey(urlKey)));
			return (value != null) ? parseGeneration(value) : 0;
		}
	}

	/** The key of an entry written at the given generation. */
	String entryKey(CacheKey key, CacheEntry entry, long generation) {
		return base(key.urlKey()) + "v:" + generation + ":" + key.requestKey() + ":" + entry.variantKey();
	}

	/** The key prefix every key of the URL shares, its hash tag included. */
	String base(String urlKey) {
		return this.prefix + "{" + urlKey + "}:";
	}

	String generationKey(String urlKey) {
		return base(urlKey) + "g";
	}

	String leaseKey(CacheKey key) {
		return base(key.urlKey()) + "l:" + key.requestKey();
	}

	String urlIndex(String urlKey) {
		return base(urlKey) + "u";
	}

	/**
	 * One script call, by its SHA-1 ({@code EVALSHA}, the text only after {@code NOSCRIPT}), bounded by
	 * the guard's timeout: on Lettuce's shared connection and the caller's thread when there is one,
	 * else through the guard's threads.
	 */
	private <T> @Nullable T script(String operation, RedisScript script, byte[] key, byte[]... args) {
		if (this.lettuce != null) {
			return this.lettuce.run(operation, this.guard.timeout(), script, key, args);
		}
		byte[][] keysAndArgs = new byte[args.length + 1][];
		keysAndArgs[0] = key;
		System.arraycopy(args, 0, keysAndArgs, 1, args.length);
		return execute((connection) -> {
			try {
				return connection.scriptingCommands().evalSha(script.sha1(), script.returnType(), 1, keysAndArgs);
			}
			catch (RuntimeException ex) {
				if (!RedisScript.isNoScript(ex)) {
					throw ex;
				}
				return connection.scriptingCommands().eval(bytes(script.text()), script.returnType(), 1, keysAndArgs);
			}
		}, operation);
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
