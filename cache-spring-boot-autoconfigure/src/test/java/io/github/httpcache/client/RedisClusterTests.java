package io.github.httpcache.client;

import java.util.Map;
import java.util.UUID;

import io.github.httpcache.internal.store.RedisCacheStore;
import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import io.github.httpcache.test.TestRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache on a three-master Redis Cluster, configured only with Spring Boot's
 * {@code spring.data.redis.cluster.nodes}: one URL's keys share a slot, so the scripts run there,
 * while different URLs spread over every master; Vary variants and invalidation work across them.
 */
@Tag("wall-clock")
class RedisClusterTests {

	private static final int URLS = 24;

	private static TestRedisCluster cluster;

	private static TestOrigin origin;

	@BeforeAll
	static void start() {
		cluster = TestRedisCluster.start();
		origin = TestOrigin.start()
			.otherwise((request) -> Reply.ok(request.uri() + " in " + request.header("Accept-Language"))
				.header("Vary", "Accept-Language"));
	}

	@AfterAll
	static void stop() {
		origin.close();
		cluster.close();
	}

	@Test
	void varyVariantsAndInvalidationWorkAcrossSlots() {
		CacheContexts.withoutStore()
			.withPropertyValues(cluster.nodesProperty(), "http.cache.expire-after=10m",
					"http.cache.redis.key-prefix=test-" + UUID.randomUUID() + ":", "http.cache.redis.timeout=5s")
			.run((context) -> {
				Client client = ClientKind.REST_CLIENT.create(context);
				for (int i = 0; i < URLS; i++) {
					for (String language : new String[] { "en", "fr" }) {
						assertThat(client.get(origin.url("/items/" + i), Map.of("Accept-Language", language))
							.cacheStatus()).endsWith("stored");
					}
				}
				assertThat(cluster.keysPerNode()).as("keys on each master").allSatisfy((count) -> assertThat(count).isPositive());
				int before = origin.requestCount();
				for (int i = 0; i < URLS; i++) {
					for (String language : new String[] { "fr", "en" }) {
						ClientKind.Result hit = client.get(origin.url("/items/" + i), Map.of("Accept-Language", language));
						assertThat(hit.cacheStatus()).startsWith("http-cache; hit");
						assertThat(hit.body()).isEqualTo("/items/" + i + " in " + language);
					}
				}
				assertThat(origin.requestCount()).isEqualTo(before);

				RedisCacheStore store = context.getBean(RedisCacheStore.class);
				for (int i = 0; i < URLS; i += 2) {
					store.evictUrl(urlKey(context, origin.url("/items/" + i)));
				}
				for (int i = 0; i < URLS; i++) {
					String status = client.get(origin.url("/items/" + i), Map.of("Accept-Language", "en")).cacheStatus();
					assertThat(status).as("/items/" + i).startsWith((i % 2 == 0) ? "http-cache; fwd=uri-miss" : "http-cache; hit");
				}

				// HttpCache walks every master with SCAN: /items/1 and /items/10..19 live on several of them.
				io.github.httpcache.HttpCache cache = context.getBean(io.github.httpcache.HttpCache.class);
				assertThat(cache.evictMatching("127.0.0.1/items/1*")).isEqualTo(11);
				assertThat(cache.contains(origin.url("/items/12"))).isFalse();
				assertThat(cache.contains(origin.url("/items/2"))).isTrue();

				store.clear();
				// Only the shared key secret stays, on whichever master its slot lives.
				assertThat(cluster.keysPerNode().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
			});
	}

	private static String urlKey(org.springframework.context.ApplicationContext context, String url) {
		HttpCacheEngine engine = context.getBean(HttpCacheEngine.class);
		return engine.policy().plan(io.github.httpcache.core.CacheRequest.get(url)).key().urlKey();
	}


}
