package io.github.httpcache.client;

import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.httpcache.internal.metrics.NearCacheMetrics;
import io.github.httpcache.internal.store.NearCache;
import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import io.github.httpcache.test.TestRedisCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On Redis Cluster the near tier stays off, as README documents: every hit comes from Redis (no
 * {@code detail=near}), the near meter counts only misses, and caching otherwise works as without it.
 */
class NearCacheClusterFallbackTests {

	private static TestRedisCluster cluster;

	private static TestOrigin origin;

	@BeforeAll
	static void start() {
		cluster = TestRedisCluster.start();
		origin = TestOrigin.start().otherwise((request) -> Reply.ok("body of " + request.uri()));
	}

	@AfterAll
	static void stop() {
		origin.close();
		cluster.close();
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void onRedisClusterEveryHitComesFromRedis(ClientKind kind) {
		CacheContexts.withoutStore()
			.withPropertyValues(cluster.nodesProperty(), "http.cache.expire-after=10m", "http.cache.near.enabled=true",
					"http.cache.redis.key-prefix=test-" + UUID.randomUUID() + ":", "http.cache.redis.timeout=5s")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				Client client = kind.create(context);
				String url = origin.url("/cluster/" + kind);
				assertThat(client.get(url, Map.of()).cacheStatus()).endsWith("stored");
				for (int i = 0; i < 5; i++) {
					ClientKind.Result hit = client.get(url, Map.of());
					assertThat(hit.cacheStatus()).startsWith("http-cache; hit").doesNotContain("detail=near");
					assertThat(hit.body()).isEqualTo("body of /cluster/" + kind);
				}
				assertThat(context.getBean(NearCache.class).isOpen()).isFalse();
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get(NearCacheMetrics.NEAR_REQUESTS).tag("result", "hit").counter().count()).isZero();
			});
	}

}
