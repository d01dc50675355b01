package io.github.httpcache.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.cache.CacheConfig;
import org.apache.hc.client5.http.impl.cache.CachingHttpClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The in-process peer: Apache HttpClient 5's caching client with its default heap storage, objects up
 * to 1 MiB (its default of 8 KiB would refuse the larger bodies) and 16 connections per route.
 */
public class ApacheCacheBenchmark extends OneCpuMeasurement {

	/** Body size in bytes. */
	@Param({ "1024", "16384", "262144" })
	public int size;

	private JsonOrigin origin;

	private CloseableHttpClient client;

	private String freshUrl;

	private String etagUrl;

	@Setup(Level.Trial)
	public void start(BenchmarkParams params) {
		this.origin = JsonOrigin.start(this.size);
		this.client = CachingHttpClients.custom()
			.setCacheConfig(CacheConfig.custom().setMaxObjectSize(1 << 20).setMaxCacheEntries(1000).build())
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setMaxConnPerRoute(16)
				.setMaxConnTotal(32)
				.build())
			.build();
		this.freshUrl = this.origin.url("/fresh/" + this.size);
		this.etagUrl = this.origin.url("/etag/" + this.size);
		if (params.getBenchmark().endsWith(".hit")) {
			Fixtures.assertBody("Apache hit", this.origin, hit());
			Fixtures.assertHits("Apache hit", this.origin, this::hit);
			primeOnce(this::hit);
		}
		else {
			Fixtures.assertBody("Apache revalidate", this.origin, revalidate());
			Fixtures.assertRevalidates("Apache revalidate", this.origin, this::revalidate);
			primeOnce(this::revalidate);
		}
	}

	@TearDown(Level.Trial)
	public void stop() throws IOException {
		this.client.close();
		this.origin.close();
	}

	@Benchmark
	public byte[] hit() {
		return get(this.freshUrl);
	}

	@Benchmark
	public byte[] revalidate() {
		return get(this.etagUrl);
	}

	private byte[] get(String url) {
		try {
			return this.client.execute(new HttpGet(url), (response) -> EntityUtils.toByteArray(response.getEntity()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
