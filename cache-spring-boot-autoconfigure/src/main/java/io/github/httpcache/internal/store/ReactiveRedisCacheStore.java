package io.github.httpcache.internal.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.CacheStoreException;
import io.github.httpcache.store.Lookup;
import io.github.httpcache.store.ReactiveCacheStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;

/**
 * The non-blocking twin of {@link RedisCacheStore}: the same keys, the same Lua scripts and the same
 * codec, run through Spring Data Redis's {@link ReactiveRedisConnectionFactory} (Lettuce's reactive
 * API), so that an entry stored by {@code RestClient} is a hit for {@code WebClient} and back.
 * <p>
 * Every operation gives up after {@code timeout} (a read then counts as a miss). Lettuce opens its
 * shared connection synchronously the first time it is asked for one, so the connection handle is
 * obtained on the bounded elastic scheduler (at construction, and again after a failure) and then
 * reused; commands themselves never leave Lettuce's event loop.
 */
public final class ReactiveRedisCacheStore implements ReactiveCacheStore, AutoCloseable {

	private static final Log logger = LogFactory.getLog(ReactiveRedisCacheStore.class);

	private final RedisCacheStore layout;

	private final ReactiveRedisConnectionFactory connectionFactory;

	private final Duration timeout;

	private final AtomicReference<@Nullable ReactiveRedisConnection> connection = new AtomicReference<>();

	private final AtomicReference<@Nullable CompletableFuture<ReactiveRedisConnection>> acquiring = new AtomicReference<>();

	/**
	 * Creates a store over the same Redis keys as {@code layout}.
	 * @param layout the blocking store whose prefix, key layout, retention and codec to share
	 * @param connectionFactory the reactive connection factory of the same Redis
	 * @param timeout how long an operation may take before it fails
	 */
	public ReactiveRedisCacheStore(RedisCacheStore layout, ReactiveRedisConnectionFactory connectionFactory,
			Duration timeout) {
		if (layout == null) {
			throw new IllegalArgumentException("'layout' must not be null");
		}
		if (connectionFactory == null) {
			throw new IllegalArgumentException("'connectionFactory' must not be null");
		}
		this.layout = layout;
		this.connectionFactory = connectionFactory;
		this.timeout = timeout;
		// Connect ahead of the first request; a failure here is retried by the next operation.
		acquisition();
	}

	@Override
	public Mono<List<CacheEntry>> get(CacheKey key) {
		return lookup(key).map(Lookup::entries);
	}

	@Override
	public Mono<Lookup> lookup(CacheKey key) {
		return invalidationHolds(key.urlKey()).flatMap((holds) -> !holds ? Mono.just(Lookup.UNFENCED)
				: eval("get", RedisCacheStore.LOOKUP_SCRIPT, this.layout.generationKey(key.urlKey()),
						this.layout.base(key.urlKey()), key.requestKey(), Integer.toString(this.layout.maxVariants()), "0")
					// Collected straight into one list: flatMapIterable would allocate a 256-slot prefetch
					// queue per lookup, the largest allocation of a WebClient Redis hit besides the body.
					.collect(ArrayList<byte[]>::new, (all, reply) -> all.addAll(values(reply)))
					.flatMap((reply) -> decode(key, reply)));
	}

	@Override
	public Mono<Long> generation(String urlKey) {
		return invalidationHolds(urlKey).flatMap((holds) -> !holds ? Mono.just(CacheStore.UNKNOWN_GENERATION)
				: eval("get", RedisCacheStore.LOOKUP_SCRIPT, this.layout.generationKey(urlKey),
						this.layout.base(urlKey), "", "1", "1")
					.flatMapIterable(ReactiveRedisCacheStore::values)
					.next()
					.map(RedisCacheStore::parseGeneration)
					.defaultIfEmpty(CacheStore.UNKNOWN_GENERATION));
	}

	@Override
	public Mono<Void> put(CacheKey key, CacheEntry entry) {
		return put(key, entry, CacheStore.ANY_GENERATION).then();
	}

	@Override
	public Mono<Boolean> put(CacheKey key, CacheEntry entry, long generation) {
		return Mono.defer(() -> {
			if (this.layout.pending().contains(key.urlKey())) {
				return Mono.just(false);
			}
			byte[] value = this.layout.encode(entry);
			Object[] arguments = this.layout.putArguments(key, entry, value, generation);
			return eval("put", RedisCacheStore.PUT_SCRIPT, arguments)
				.next()
				.map((stored) -> stored instanceof Long count && count == 1)
				.defaultIfEmpty(false);
		});
	}

	/** As {@link RedisCacheStore#freshen}: the new head in front of the stored body, else the whole entry. */
	@Override
	public Mono<Boolean> freshen(CacheKey key, CacheEntry entry, long generation) {
		return Mono.defer(() -> {
			if (this.layout.pending().contains(key.urlKey())) {
				return Mono.just(false);
			}
			Object[] arguments = this.layout.putArguments(key, entry, this.layout.encodeHead(entry), generation, true);
			return eval("put", RedisCacheStore.PUT_SCRIPT, arguments).next()
				.flatMap((stored) -> (stored instanceof Long count && count == 2) ? put(key, entry, generation)
						: Mono.just(stored instanceof Long count && count == 1))
				.defaultIfEmpty(false);
		});
	}

	/** As {@link RedisCacheStore#evictUrl}: a new generation at once, the old keys deleted in bounded steps. */
	@Override
	public Mono<Void> evictUrl(String urlKey) {
		return eval("delete", RedisCacheStore.EVICT_SCRIPT, this.layout.generationKey(urlKey),
				this.layout.base(urlKey), Integer.toString(RedisCacheStore.DRAIN_BUDGET))
			.collectList()
			.doOnError((ex) -> this.layout.pending().add(urlKey))
			.doOnNext((reply) -> {
				this.layout.pending().done(urlKey);
				drainInBackground(flatten(reply));
			})
			.then();
	}

	private static List<Object> flatten(List<Object> reply) {
		List<Object> flat = new ArrayList<>();
		for (Object element : reply) {
			if (element instanceof List<?> list) {
				flat.addAll(list);
			}
			else {
				flat.add(element);
			}
		}
		return flat;
	}

	private void drainInBackground(List<Object> reply) {
		if (reply.size() < 2 || !(reply.get(1) instanceof Long remaining) || remaining == 0) {
			return;
		}
		byte[] dying = values(reply.get(0)).get(0);
		Mono.defer(() -> eval("delete", RedisCacheStore.DRAIN_SCRIPT, dying,
				Integer.toString(RedisCacheStore.DRAIN_BUDGET)).next())
			.repeat()
			.takeUntil((left) -> !(left instanceof Long count) || count == 0)
			.subscribe(null, (ex) -> logger.debug("Deleting an invalidated URL's entries stopped", ex));
	}

	/**
	 * Whether the URL may be read: as {@link RedisCacheStore}, an invalidation still waiting to reach
	 * Redis is retried first, and while it fails the URL reads as a miss.
	 */
	private Mono<Boolean> invalidationHolds(String urlKey) {
		PendingInvalidations pending = this.layout.pending();
		if (pending.isEmpty()) {
			return Mono.just(true);
		}
		for (String other : pending.dueForRetry()) {
			if (!other.equals(urlKey)) {
				evictUrl(other).subscribe(null, (ex) -> logger.debug("Retrying an invalidation failed", ex));
			}
		}
		if (!pending.contains(urlKey)) {
			return Mono.just(true);
		}
		return evictUrl(urlKey).thenReturn(true).onErrorReturn(false);
	}

	/** Releases the connection handle; the factory's own connections stay the factory's. */
	@Override
	public void close() {
		ReactiveRedisConnection current = this.connection.getAndSet(null);
		if (current != null) {
			current.closeLater().subscribe(null, (ex) -> logger.debug("Closing the Redis connection failed", ex));
		}
	}

	/** The lease {@link RedisCacheStore#tryLease} takes, under the same key. */
	@Override
	public Mono<Boolean> tryLease(CacheKey key, String owner, Duration ttl) {
		return eval("lease", RedisCacheStore.LEASE_SCRIPT, this.layout.leaseKey(key), owner,
				Long.toString(Math.max(ttl.toMillis(), 1)))
			.next()
			.map((taken) -> taken instanceof Long count && count == 1)
			.defaultIfEmpty(false);
	}

	@Override
	public Mono<Void> releaseLease(CacheKey key, String owner) {
		return eval("release", RedisCacheStore.RELEASE_SCRIPT, this.layout.leaseKey(key), owner).then();
	}

	private Mono<Lookup> decode(CacheKey key, List<byte[]> reply) {
		if (reply.isEmpty()) {
			return Mono.just(Lookup.UNFENCED);
		}
		long generation = RedisCacheStore.parseGeneration(reply.get(0));
		// The blocking store's reader: the readable variants kept, the unreadable logged at its rate.
		StoredEntryReader.Entries read = this.layout.reader().read(reply.subList(1, reply.size()), key.url());
		if (read.unreadable() > 0) {
			// As the blocking store: the script returns values without their keys, so the URL's entries go,
			// and the lookup cannot fence a write.
			return evictUrl(key.urlKey()).onErrorResume((evictFailure) -> Mono.empty()).thenReturn(Lookup.UNFENCED);
		}
		return Mono.just(new Lookup(read.entries(), generation));
	}

	/**
	 * Runs one script with fresh buffers per subscription, bounded by the timeout; errors become
	 * {@link CacheStoreException}. A reply error (the server answered {@code WRONGTYPE}, a script error)
	 * is this call's error alone: Redis answered, so the breaker hears a success and the shared
	 * connection stays. Only a connection found broken is replaced, and the calls already on it are left
	 * to finish or time out rather than being cut off.
	 */
	private Flux<Object> eval(String operation, RedisScript script, Object... keysAndArgs) {
		return Flux.defer(() -> {
			// One breaker with the blocking store: once Redis is found dead, neither path waits on it.
			StoreCircuitBreaker breaker = this.layout.guard().breaker();
			if (!breaker.tryAcquire()) {
				return Flux.error(new CircuitOpenException("Redis " + operation + " skipped: the circuit breaker is open"));
			}
			AtomicBoolean reported = new AtomicBoolean();
			// By SHA-1; the text only when Redis answers NOSCRIPT (restart, SCRIPT FLUSH, a new node).
			return connection().flatMapMany((redis) -> redis.scriptingCommands()
				.<Object>evalSha(script.sha1(), script.returnType(), 1, buffers(keysAndArgs))
				.onErrorResume(RedisScript::isNoScript, (noScript) -> redis.scriptingCommands()
					.<Object>eval(buffer(script.text()), script.returnType(), 1, buffers(keysAndArgs)))
				.doOnError((ex) -> {
					if (ConnectionFailures.isBroken(ex)) {
						forget(redis);
					}
				}))
				.timeout(this.timeout)
				.doOnComplete(() -> {
					if (reported.compareAndSet(false, true)) {
						breaker.onSuccess();
					}
				})
				.doOnError((ex) -> {
					if (reported.compareAndSet(false, true)) {
						if (ConnectionFailures.isReplyError(ex)) {
							breaker.onSuccess();
						}
						else {
							breaker.onFailure();
						}
					}
				})
				.doOnCancel(() -> {
					// A caller that gave up says nothing about Redis; release the acquired call.
					if (reported.compareAndSet(false, true)) {
						breaker.onSuccess();
					}
				})
				.onErrorMap((ex) -> !(ex instanceof CacheStoreException),
						(ex) -> new CacheStoreException("Redis " + operation + " failed: " + ex, ex));
		});
	}

	/**
	 * The connection handle. Its acquisition runs on the bounded elastic scheduler and is shared: a
	 * caller that gives up (timeout, cancel) does not interrupt it, so the next call finds it ready.
	 */
	private Mono<ReactiveRedisConnection> connection() {
		return Mono.defer(() -> {
			ReactiveRedisConnection current = this.connection.get();
			if (current != null) {
				return Mono.just(current);
			}
			return Mono.fromFuture(acquisition(), true);
		});
	}

	private CompletableFuture<ReactiveRedisConnection> acquisition() {
		CompletableFuture<ReactiveRedisConnection> pending = this.acquiring.get();
		if (pending != null) {
			return pending;
		}
		CompletableFuture<ReactiveRedisConnection> started = new CompletableFuture<>();
		if (!this.acquiring.compareAndSet(null, started)) {
			return acquisition();
		}
		Schedulers.boundedElastic().schedule(() -> {
			try {
				ReactiveRedisConnection created = this.connectionFactory.getReactiveConnection();
				this.connection.set(created);
				started.complete(created);
				warmUp(created);
			}
			catch (RuntimeException ex) {
				started.completeExceptionally(ex);
			}
			finally {
				this.acquiring.compareAndSet(started, null);
			}
		});
		return started;
	}

	/** Runs the lookup script once on a key that holds nothing, so the first request finds the path loaded. */
	private void warmUp(ReactiveRedisConnection redis) {
		redis.scriptingCommands()
			.eval(buffer(RedisCacheStore.LOOKUP_SCRIPT.text()), ReturnType.MULTI, 1, buffer(this.layout.generationKey("warm-up")),
					buffer(this.layout.base("warm-up")), buffer("-"), buffer("1"), buffer("0"))
			.subscribe(null, (ex) -> logger.debug("Warming up the Redis connection failed", ex));
	}

	/**
	 * A connection found broken is dropped, so the next call asks the factory again. It is not closed
	 * at once: calls that took it before it broke finish or time out on their own, and only then (a few
	 * timeouts later) is the handle released. A reply error never comes here.
	 */
	private void forget(ReactiveRedisConnection broken) {
		if (this.connection.compareAndSet(broken, null)) {
			Mono.delay(this.timeout.multipliedBy(4).plusSeconds(1))
				.then(Mono.defer(broken::closeLater))
				.subscribe(null, (closeFailure) -> logger.debug("Closing a broken Redis connection failed", closeFailure));
		}
	}

	/** Lettuce may emit a script's array reply as one list or element by element. */
	private static List<byte[]> values(Object reply) {
		List<byte[]> values = new ArrayList<>();
		if (reply instanceof List<?> list) {
			for (Object element : list) {
				values.addAll(values(element));
			}
		}
		else if (reply instanceof ByteBuffer buffer) {
			byte[] bytes = new byte[buffer.remaining()];
			buffer.get(bytes);
			values.add(bytes);
		}
		else if (reply instanceof byte[] bytes) {
			values.add(bytes);
		}
		return values;
	}

	private static ByteBuffer[] buffers(Object[] keysAndArgs) {
		ByteBuffer[] buffers = new ByteBuffer[keysAndArgs.length];
		for (int i = 0; i < keysAndArgs.length; i++) {
			buffers[i] = (keysAndArgs[i] instanceof byte[] bytes) ? ByteBuffer.wrap(bytes) : buffer((String) keysAndArgs[i]);
		}
		return buffers;
	}

	private static ByteBuffer buffer(String text) {
		return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public String toString() {
		return "ReactiveRedisCacheStore[prefix=" + this.layout.prefix() + "]";
	}

}
