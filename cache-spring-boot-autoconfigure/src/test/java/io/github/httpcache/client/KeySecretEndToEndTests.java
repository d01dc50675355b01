package io.github.httpcache.client;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.TcpProxy;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import io.github.httpcache.test.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis is down when the application starts, so the shared key secret cannot be read: start-up
 * succeeds, requests with credentials go to the origin (never keyed with a secret of this instance's
 * own), and once Redis is up the secret is read in the background and they are cached, per user.
 */
@Tag("wall-clock")
class KeySecretEndToEndTests {

	private TestOrigin origin;

	private TcpProxy proxy;

	@BeforeEach
	void start() {
		this.origin = TestOrigin.start().otherwise((request) -> Reply.ok("profile"));
		TestRedis redis = TestRedis.get();
		this.proxy = TcpProxy.to(redis.host(), redis.port());
	}

	@AfterEach
	void stop() {
		this.proxy.close();
		this.origin.close();
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void credentialsBypassUntilTheSecretCanBeReadThenAreCachedPerUser(ClientKind kind) throws Exception {
		CacheContexts.withoutStore()
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.proxy.port(),
					"http.cache.redis.key-prefix=secret-" + UUID.randomUUID() + ":", "http.cache.redis.timeout=5s",
					"http.cache.redis.circuit-breaker.cool-down=0s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Client client = kind.create(context);
				String url = this.origin.url("/me");
				Map<String, String> alice = Map.of("Authorization", "Bearer alice");
				for (int i = 0; i < 2; i++) {
					Result result = client.get(url, alice);
					assertThat(result.status()).isEqualTo(200);
					assertThat(result.cacheStatus()).startsWith("http-cache; fwd=bypass");
				}
				assertThat(this.origin.requestCount()).isEqualTo(2);

				this.proxy.start();
				await("caching of credentials resumes").atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(100))
					.until(() -> client.get(url, alice).cacheStatus().endsWith("stored"));
				int calls = this.origin.requestCount();
				assertThat(client.get(url, alice).cacheStatus()).startsWith("http-cache; hit");
				assertThat(client.get(url, Map.of("Authorization", "Bearer bob")).cacheStatus())
					.startsWith("http-cache; fwd=uri-miss");
				assertThat(this.origin.requestCount()).isEqualTo(calls + 1);
			});
	}

}
