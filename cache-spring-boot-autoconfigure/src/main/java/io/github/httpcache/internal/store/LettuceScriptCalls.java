package io.github.httpcache.internal.store;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Runs the store's scripts on Lettuce's shared native connection and waits for the reply on the
 * caller's thread, at most the store's timeout: one hand-off (to Lettuce's event loop and back)
 * instead of two through a pool thread, which on a busy machine cost more than the Redis call.
 * <p>
 * Only the connection handle is obtained off the caller's thread (Lettuce connects synchronously the
 * first time it is asked, and that may take longer than a request may wait): once, in the background,
 * and again after it is found broken. A script is called by its SHA-1 and sent whole only when Redis
 * answers {@code NOSCRIPT}.
 */
final class LettuceScriptCalls {

	private final LettuceConnectionFactory factory;

	private final StoreCallGuard guard;

	private final AtomicReference<@Nullable RedisClusterAsyncCommands<byte[], byte[]>> commands = new AtomicReference<>();

	private final AtomicReference<@Nullable CompletableFuture<RedisClusterAsyncCommands<byte[], byte[]>>> acquiring = new AtomicReference<>();

	private LettuceScriptCalls(LettuceConnectionFactory factory, StoreCallGuard guard) {
		this.factory = factory;
		this.guard = guard;
	}

	/**
	 * Calls over Lettuce's shared connection, or {@code null} when the factory is not Lettuce's or does
	 * not share its connection (the store then calls through the guard's threads, as before). Only
	 * called once Lettuce is known to be on the class path.
	 */
	static @Nullable LettuceScriptCalls of(RedisConnectionFactory factory, StoreCallGuard guard) {
		return (factory instanceof LettuceConnectionFactory lettuce && lettuce.getShareNativeConnection())
				? new LettuceScriptCalls(lettuce, guard) : null;
	}

	/** Starts connecting, so the first request finds the handle ready. */
	void warmUp() {
		acquisition();
	}

	/**
	 * Runs the script behind the guard's breaker, bounded by {@code timeout} on the caller's thread.
	 * @param operation for messages ("get", "put", ...)
	 * @param timeout the longest the caller waits, the connection included
	 * @param script the script
	 * @param key its one key
	 * @param args its arguments
	 * @return the script's reply
	 */
	<T> @Nullable T run(String operation, Duration timeout, RedisScript script, byte[] key, byte[]... args) {
		return this.guard.onCallerThread(operation, timeout, (deadline) -> {
			RedisClusterAsyncCommands<byte[], byte[]> redis = this.commands.get();
			if (redis == null) {
				redis = await(acquisition(), deadline);
			}
			byte[][] keys = { key };
			ScriptOutputType type = outputType(script);
			try {
				return await(redis.<T>evalsha(script.sha1(), type, keys, args), deadline);
			}
			catch (ExecutionException ex) {
				if (RedisScript.isNoScript(ex)) {
					// Redis lost its scripts (restart, SCRIPT FLUSH, a new cluster node): send it once whole.
					try {
						return await(redis.<T>eval(script.text(), type, keys, args), deadline);
					}
					catch (ExecutionException retry) {
						forgetIfBroken(redis, retry);
						throw retry;
					}
				}
				forgetIfBroken(redis, ex);
				throw ex;
			}
		});
	}

	private void forgetIfBroken(RedisClusterAsyncCommands<byte[], byte[]> redis, ExecutionException ex) {
		if (ConnectionFailures.isBroken(ex)) {
			this.commands.compareAndSet(redis, null);
		}
	}

	/** Waits until the deadline; a reply that comes later is cancelled (Lettuce drops it). */
	private static <T> T await(Future<T> future, long deadline)
			throws ExecutionException, TimeoutException, InterruptedException {
		try {
			return future.get(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException | InterruptedException ex) {
			if (future instanceof RedisFuture<?>) {
				future.cancel(true);
			}
			throw ex;
		}
	}

	private CompletableFuture<RedisClusterAsyncCommands<byte[], byte[]>> acquisition() {
		CompletableFuture<RedisClusterAsyncCommands<byte[], byte[]>> pending = this.acquiring.get();
		if (pending != null) {
			return pending;
		}
		CompletableFuture<RedisClusterAsyncCommands<byte[], byte[]>> started = new CompletableFuture<>();
		if (!this.acquiring.compareAndSet(null, started)) {
			return acquisition();
		}
		try {
			this.guard.executeInBackground(() -> {
				try (RedisConnection connection = this.factory.getConnection()) {
					@SuppressWarnings("unchecked")
					RedisClusterAsyncCommands<byte[], byte[]> created = (RedisClusterAsyncCommands<byte[], byte[]>) connection
						.getNativeConnection();
					this.commands.set(created);
					started.complete(created);
				}
				catch (RuntimeException ex) {
					started.completeExceptionally(ex);
				}
				finally {
					this.acquiring.compareAndSet(started, null);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.acquiring.compareAndSet(started, null);
			started.completeExceptionally(ex);
		}
		return started;
	}

	private static ScriptOutputType outputType(RedisScript script) {
		return switch (script.returnType()) {
			case MULTI -> ScriptOutputType.MULTI;
			case INTEGER -> ScriptOutputType.INTEGER;
			case BOOLEAN -> ScriptOutputType.BOOLEAN;
			case STATUS -> ScriptOutputType.STATUS;
			default -> ScriptOutputType.VALUE;
		};
	}

}
