package io.github.httpcache.internal.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Keeps a {@link NearCache} coherent with Redis through Redis's own client-side caching support: one
 * dedicated RESP3 connection (from the application's Lettuce client) sends
 * {@code CLIENT TRACKING ON BCAST PREFIX <key prefix>}, after which Redis pushes an {@code invalidate}
 * message for every key under the prefix that anyone changes: a write or invalidation by any
 * instance (this one included: the connection is not the one that writes, so {@code NOLOOP} would hide
 * nothing and is not used), the actuator's and the {@code HttpCache} bean's evictions, a key that
 * expires or that Redis evicts under memory pressure, and {@code FLUSHDB}/{@code FLUSHALL} (a message
 * with no keys: everything is dropped). A key is mapped back to its URL through the store's layout,
 * {@code <prefix>{<urlKey>}:...} (see {@link RedisCacheStore}); lease keys ({@code :l:}) change nothing
 * a lookup reads and are ignored.
 * <p>
 * The near tier is open only while tracking is known to be on: the connection dropping (Redis
 * restarted, network lost) {@linkplain NearCache#suspend() suspends} it at once; once Lettuce has
 * reconnected, tracking is switched on again and only then is the tier reopened, empty. A connection
 * that cannot speak RESP3, a server without {@code CLIENT TRACKING} (before Redis 6) and Redis Cluster
 * (tracking is per node, and BCAST would need a connection to every master kept in step with
 * resharding) leave the tier closed for good, with one warning: every lookup then goes to Redis, as
 * without the near tier.
 */
public final class RedisInvalidationChannel implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisInvalidationChannel.class);

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

	private final RedisConnectionFactory connectionFactory;

	private final String prefix;

	private final NearCache near;

	private final Duration retry;

	private final ScheduledExecutorService executor;

	/** Moves on every disconnection, so an answer to an older attempt to switch tracking on opens nothing. */
	private final AtomicLong attempts = new AtomicLong();

	private volatile @Nullable StatefulRedisConnection<byte[], byte[]> connection;

	private volatile boolean closed;

	/**
	 * @param connectionFactory the application's connection factory (Lettuce, standalone or Sentinel)
	 * @param prefix the store's key prefix ({@code http.cache.redis.key-prefix})
	 * @param near the tier to keep coherent
	 * @param retry how long to wait before trying again to connect or to switch tracking on
	 */
	public RedisInvalidationChannel(RedisConnectionFactory connectionFactory, String prefix, NearCache near,
			Duration retry) {
		this.connectionFactory = connectionFactory;
		this.prefix = prefix;
		this.near = near;
		this.retry = retry;
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "http-cache-near-invalidation");
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Connects in the background; the near tier opens once tracking is on. */
	public void start() {
		if (!(this.connectionFactory instanceof LettuceConnectionFactory lettuce)) {
			logger.warn("http.cache.near.enabled: the near tier stays off, it needs Lettuce (found "
					+ this.connectionFactory.getClass().getName() + "); every lookup goes to Redis");
			return;
		}
		if (lettuce.isClusterAware()) {
			logger.warn("http.cache.near.enabled: the near tier stays off on Redis Cluster (invalidation "
					+ "tracking is per node); every lookup goes to Redis");
			return;
		}
		this.executor.execute(this::connect);
	}

	/** Whether the near tier is open, that is whether tracking is on. */
	public boolean isTracking() {
		return this.near.isOpen();
	}

	private void connect() {
		if (this.closed) {
			return;
		}
		AbstractRedisClient client = ((LettuceConnectionFactory) this.connectionFactory).getNativeClient();
		if (!(client instanceof RedisClient redisClient)) {
			logger.warn("http.cache.near.enabled: the near tier stays off, the Lettuce client is "
					+ ((client != null) ? client.getClass().getName() : "not started") + "; every lookup goes to Redis");
			return;
		}
		StatefulRedisConnection<byte[], byte[]> opened;
		try {
			opened = redisClient.connect(ByteArrayCodec.INSTANCE);
		}
		catch (RuntimeException ex) {
			logger.debug("Near tier: cannot connect to Redis, trying again in " + this.retry, ex);
			retry(this::connect);
			return;
		}
		if (opened instanceof StatefulRedisConnectionImpl<?, ?> impl
				&& impl.getConnectionState().getNegotiatedProtocolVersion() != ProtocolVersion.RESP3) {
			// RESP2 delivers tracking messages only through a redirect to a pub/sub connection: not supported.
			logger.warn("http.cache.near.enabled: the near tier stays off, the Redis connection speaks "
					+ impl.getConnectionState().getNegotiatedProtocolVersion() + ", not RESP3; every lookup goes to Redis");
			opened.closeAsync();
			return;
		}
		opened.setTimeout(COMMAND_TIMEOUT);
		opened.addListener(this::onPush);
		opened.addListener(new RedisConnectionStateListener() {

			@Override
			public void onRedisConnected(RedisChannelHandler<?, ?> handler, java.net.SocketAddress address) {
				long attempt = RedisInvalidationChannel.this.attempts.get();
				RedisInvalidationChannel.this.executor.execute(() -> track(attempt));
			}

			@Override
			public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
				// Whatever changes from now on may never be heard of: forget everything, serve nothing.
				RedisInvalidationChannel.this.attempts.incrementAndGet();
				RedisInvalidationChannel.this.near.suspend();
			}

		});
		this.connection = opened;
		if (this.closed) {
			opened.closeAsync();
			return;
		}
		track(this.attempts.get());
	}

	/** Switches tracking on; opens the tier if no disconnection happened meanwhile. */
	private void track(long attempt) {
		StatefulRedisConnection<byte[], byte[]> current = this.connection;
		if (this.closed || current == null || attempt != this.attempts.get()) {
			return;
		}
		try {
			String reply = current.sync()
				.clientTracking(new TrackingArgs().enabled(true).bcast().prefixes(StandardCharsets.UTF_8, this.prefix));
			if (!"OK".equals(reply)) {
				throw new IllegalStateException("CLIENT TRACKING answered " + reply);
			}
		}
		catch (RuntimeException ex) {
			if (isUnsupported(ex)) {
				logger.warn("http.cache.near.enabled: the near tier stays off, Redis does not support "
						+ "CLIENT TRACKING (Redis 6 or later is needed): " + ex.getMessage());
				return;
			}
			logger.debug("Near tier: cannot switch invalidation tracking on, trying again in " + this.retry, ex);
			retry(() -> track(this.attempts.get()));
			return;
		}
		if (attempt == this.attempts.get() && current.isOpen() && !this.closed) {
			this.near.open();
			logger.debug("Near tier open: tracking keys under " + this.prefix);
			// A disconnection racing with open(): it suspended before, or suspends after; check once more.
			if (attempt != this.attempts.get()) {
				this.near.suspend();
			}
		}
	}

	private static boolean isUnsupported(RuntimeException ex) {
		String message = String.valueOf(ex.getMessage()).toLowerCase(java.util.Locale.ROOT);
		return message.contains("unknown subcommand") || message.contains("unknown command")
				|| message.contains("syntax error");
	}

	private void retry(Runnable task) {
		if (!this.closed) {
			this.executor.schedule(task, this.retry.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private void onPush(PushMessage message) {
		if (!"invalidate".equals(message.getType())) {
			return;
		}
		List<Object> content = message.getContent((buffer) -> StandardCharsets.UTF_8.decode(buffer).toString());
		Object keys = (content.size() > 1) ? content.get(1) : null;
		if (!(keys instanceof List<?> list)) {
			// A null invalidation: FLUSHDB/FLUSHALL, or Redis lost track. Drop everything.
			this.near.invalidateAll();
			return;
		}
		for (Object key : list) {
			String urlKey = urlKey(key);
			if (urlKey != null) {
				this.near.invalidate(urlKey);
			}
			else if (key != null && !String.valueOf(key).startsWith(this.prefix)) {
				// Not ours to read (tracking filters by prefix): be safe rather than guess.
				this.near.invalidateAll();
			}
		}
	}

	/** The URL key of a store key, or {@code null} for a key that no lookup reads (a lease, the key secret). */
	@Nullable String urlKey(@Nullable Object key) {
		String text = (key instanceof ByteBuffer buffer) ? StandardCharsets.UTF_8.decode(buffer).toString()
				: (key instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(key);
		return urlKeyOf(this.prefix, text);
	}

	static @Nullable String urlKeyOf(String prefix, String key) {
		if (!key.startsWith(prefix + "{")) {
			return null;
		}
		int end = key.indexOf("}:", prefix.length() + 1);
		if (end < 0) {
			return null;
		}
		if (key.startsWith("l:", end + 2)) {
			return null;
		}
		return key.substring(prefix.length() + 1, end);
	}

	@Override
	public void close() {
		this.closed = true;
		this.attempts.incrementAndGet();
		this.near.suspend();
		this.executor.shutdownNow();
		StatefulRedisConnection<byte[], byte[]> current = this.connection;
		if (current != null) {
			current.closeAsync();
		}
	}

}
