package io.github.httpcache.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The floors a Redis-backed cache call cannot go below, over one shared Lettuce connection (as Spring
 * Data Redis shares its native connection) with {@code ByteArrayCodec}: {@link #get}, one {@code GET}
 * of a value as large as the body (what a hit must do at least, and the one round trip a 304
 * revalidation must add to an in-memory cache's), and {@link #set}, one {@code SET} of the same bytes
 * (with a {@code GET}, what a miss must add to the call without a cache). {@link #getHandedOff} is a
 * control for {@code run.sh --profile}: the same {@code GET} run on a pool thread and awaited with a
 * timeout, to price such a hand-off apart from everything else on a hit path.
 */
public class RedisFloorBenchmark extends OneCpuMeasurement {

	/** Value size in bytes. */
	@Param({ "1024", "16384", "262144" })
	public int size;

	private RedisClient client;

	private StatefulRedisConnection<byte[], byte[]> connection;

	private RedisCommands<byte[], byte[]> commands;

	private byte[] key;

	private byte[] setKey;

	private byte[] value;

	private ExecutorService executor;

	@Setup(Level.Trial)
	public void start() {
		BenchRedis redis = BenchRedis.get();
		this.client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
		this.connection = this.client.connect(ByteArrayCodec.INSTANCE);
		this.commands = this.connection.sync();
		String id = "bench-floor-" + UUID.randomUUID();
		this.key = id.getBytes(StandardCharsets.UTF_8);
		this.setKey = (id + "-set").getBytes(StandardCharsets.UTF_8);
		this.value = Bodies.json(this.size);
		this.commands.set(this.key, this.value);
		this.executor = Executors.newFixedThreadPool(16, (runnable) -> {
			Thread thread = new Thread(runnable, "floor-hand-off");
			thread.setDaemon(true);
			return thread;
		});
		if (!Arrays.equals(get(), this.value) || !"OK".equals(set())) {
			throw new IllegalStateException("GET or SET of the floor failed");
		}
		primeOnce(this::get);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.executor.shutdownNow();
		this.commands.del(this.key, this.setKey);
		this.connection.close();
		this.client.shutdown();
	}

	@Benchmark
	public byte[] get() {
		return this.commands.get(this.key);
	}

	@Benchmark
	public String set() {
		return this.commands.set(this.setKey, this.value);
	}

	@Benchmark
	public byte[] getHandedOff() throws InterruptedException, ExecutionException, TimeoutException {
		return this.executor.submit(this::get).get(250, TimeUnit.MILLISECONDS);
	}

}
