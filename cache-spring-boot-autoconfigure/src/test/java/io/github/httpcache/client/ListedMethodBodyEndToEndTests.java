package io.github.httpcache.client;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.HttpCacheFixture;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A method listed in {@code allowable-methods} besides GET and HEAD is cached with its body in the key
 * on every client, WebClient included (its body is seen where the request leaves the client), and
 * the origin receives exactly the bytes the caller wrote.
 */
class ListedMethodBodyEndToEndTests {

	@RegisterExtension
	final HttpCacheFixture fixture = HttpCacheFixture.answering((request) -> Reply.ok("results for " + new String(request.body(), StandardCharsets.UTF_8)));

	private final TestOrigin origin = this.fixture.origin();

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aListedPostIsCachedWithItsBodyInTheKey(ClientKind kind) {
		CacheContexts.withRedis().withPropertyValues("http.cache.allowable-methods=GET,HEAD,POST").run((context) -> {
			Client client = kind.create(context);
			String url = this.origin.url("/search");
			Result first = post(client, url, "{\"q\":\"alpha\"}");
			assertThat(first.body()).isEqualTo("results for {\"q\":\"alpha\"}");
			assertThat(new String(this.origin.lastRequest().body(), StandardCharsets.UTF_8))
				.as("the origin receives exactly the bytes written").isEqualTo("{\"q\":\"alpha\"}");
			Result repeat = post(client, url, "{\"q\":\"alpha\"}");
			assertThat(repeat.cacheStatus()).startsWith("http-cache; hit");
			assertThat(repeat.body()).isEqualTo("results for {\"q\":\"alpha\"}");
			assertThat(this.origin.requestCount()).isEqualTo(1);
			Result other = post(client, url, "{\"q\":\"beta\"}");
			assertThat(other.body()).as("another body is another entry").isEqualTo("results for {\"q\":\"beta\"}");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aListedPostWithABodyLargerThanMaxEntrySizeIsSentWhole(ClientKind kind) {
		CacheContexts.withRedis()
			.withPropertyValues("http.cache.allowable-methods=GET,HEAD,POST", "http.cache.max-entry-size=1KB")
			.run((context) -> {
				Client client = kind.create(context);
				String large = "x".repeat(5000);
				Result result = post(client, this.origin.url("/upload"), large);
				assertThat(result.status()).isEqualTo(200);
				assertThat(new String(this.origin.lastRequest().body(), StandardCharsets.UTF_8)).isEqualTo(large);
			});
	}

	private static Result post(Client client, String url, String body) {
		return client.exchange("POST", url, Map.of("Content-Type", "application/json"), body, (attributes) -> {
		});
	}

}
