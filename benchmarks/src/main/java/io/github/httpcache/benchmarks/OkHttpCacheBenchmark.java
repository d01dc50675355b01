package io.github.httpcache.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import okhttp3.Cache;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/** The disk peer: OkHttp's {@code Cache} in a temporary directory, with OkHttp's defaults otherwise. */
public class OkHttpCacheBenchmark extends OneCpuMeasurement {

	/** Body size in bytes. */
	@Param({ "1024", "16384", "262144" })
	public int size;

	private JsonOrigin origin;

	private Path directory;

	private Cache cache;

	private OkHttpClient client;

	private Request freshRequest;

	private Request etagRequest;

	@Setup(Level.Trial)
	public void start(BenchmarkParams params) throws IOException {
		this.origin = JsonOrigin.start(this.size);
		this.directory = Files.createTempDirectory("okhttp-cache-bench");
		this.cache = new Cache(this.directory.toFile(), 256L * 1024 * 1024);
		this.client = new OkHttpClient.Builder().cache(this.cache).build();
		this.freshRequest = new Request.Builder().url(this.origin.url("/fresh/" + this.size)).build();
		this.etagRequest = new Request.Builder().url(this.origin.url("/etag/" + this.size)).build();
		if (params.getBenchmark().endsWith(".hit")) {
			Fixtures.assertBody("OkHttp hit", this.origin, hit());
			Fixtures.assertHits("OkHttp hit", this.origin, this::hit);
			primeOnce(this::hit);
		}
		else {
			Fixtures.assertBody("OkHttp revalidate", this.origin, revalidate());
			Fixtures.assertRevalidates("OkHttp revalidate", this.origin, this::revalidate);
			primeOnce(this::revalidate);
		}
	}

	@TearDown(Level.Trial)
	public void stop() throws IOException {
		this.client.dispatcher().executorService().shutdown();
		this.client.connectionPool().evictAll();
		this.cache.close();
		this.origin.close();
		try (Stream<Path> paths = Files.walk(this.directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

	@Benchmark
	public byte[] hit() {
		return get(this.freshRequest);
	}

	@Benchmark
	public byte[] revalidate() {
		return get(this.etagRequest);
	}

	private byte[] get(Request request) {
		try (Response response = this.client.newCall(request).execute()) {
			return response.body().bytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
