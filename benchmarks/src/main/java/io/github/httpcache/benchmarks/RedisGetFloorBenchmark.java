package io.github.httpcache.benchmarks;

import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor of a Redis-backed hit: one Lettuce {@code GET} of a value as large as the body, over one
 * shared connection (as Spring Data Redis shares its native connection), returning the bytes.
 * {@link #lettuceGetHandedOff} is a control, run by {@code run.sh --profile}: the same GET run on a
 * pool thread and awaited with a timeout, as the store's call guard runs every store call, to price
 * that hand-off apart from everything else on the hit path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 8, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class RedisGetFloorBenchmark {

	/** Value size in bytes. */
	@Param({ "1024", "16384", "262144" })
	public int size;

	private RedisClient client;

	private StatefulRedisConnection<byte[], byte[]> connection;

	private RedisCommands<byte[], byte[]> commands;

	private byte[] key;

	private ExecutorService executor;

	@Setup(Level.Trial)
	public void start() {
		BenchRedis redis = BenchRedis.get();
		this.client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
		this.connection = this.client.connect(ByteArrayCodec.INSTANCE);
		this.commands = this.connection.sync();
		this.key = ("bench-floor-" + UUID.randomUUID()).getBytes();
		byte[] value = Bodies.json(this.size);
		this.commands.set(this.key, value);
		this.executor = Executors.newFixedThreadPool(16, (runnable) -> {
			Thread thread = new Thread(runnable, "floor-hand-off");
			thread.setDaemon(true);
			return thread;
		});
		if (lettuceGet().length != this.size) {
			throw new IllegalStateException("GET returned another value");
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.executor.shutdownNow();
		this.commands.del(this.key);
		this.connection.close();
		this.client.shutdown();
	}

	@Benchmark
	public byte[] lettuceGet() {
		return this.commands.get(this.key);
	}

	@Benchmark
	public byte[] lettuceGetHandedOff() throws InterruptedException, ExecutionException, TimeoutException {
		return this.executor.submit(this::lettuceGet).get(250, TimeUnit.MILLISECONDS);
	}

}
