package io.github.httpcache.client;

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

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Methods listed in {@code allowable-methods} besides GET and HEAD ({@code POST} to a search
 * endpoint, {@code QUERY}) are queries for the cache: keyed by their normalised body, served and
 * stored, and they never invalidate; unsafe methods not listed still do (RFC 9111 §4.4).
 */
class QueryMethodsEndToEndTests {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	@RegisterExtension
	final HttpCacheFixture fixture = HttpCacheFixture.answering((request) -> Reply.ok(request.method() + " " + new String(request.body())));

	private final TestOrigin origin = this.fixture.origin();

	private ApplicationContextRunner contexts() {
		return CacheContexts.withRedis().withPropertyValues("http.cache.allowable-methods=GET,HEAD,POST,QUERY");
	}

	private Result send(Client client, String method, String path, String body) {
		return client.exchange(method, this.origin.url(path), JSON, body, (attributes) -> {
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aSecondQueryDoesNotEvictTheFirstAndReorderedKeysHitIt(ClientKind kind) {
		contexts().run((context) -> {
			Client client = kind.create(context);
			Result x = send(client, "POST", "/search", "{\"q\":\"x\",\"page\":1}");
			Result y = send(client, "POST", "/search", "{\"q\":\"y\",\"page\":1}");
			Result xAgain = send(client, "POST", "/search", "{\"page\":1,\"q\":\"x\"}");
			Result yAgain = send(client, "POST", "/search", "{\"q\":\"y\",\"page\":1}");
			assertThat(x.cacheStatus()).isEqualTo("http-cache; fwd=uri-miss; stored");
			assertThat(y.cacheStatus()).isEqualTo("http-cache; fwd=uri-miss; stored");
			assertThat(xAgain.body()).isEqualTo("POST {\"q\":\"x\",\"page\":1}");
			assertThat(xAgain.cacheStatus()).startsWith("http-cache; hit");
			assertThat(yAgain.body()).isEqualTo("POST {\"q\":\"y\",\"page\":1}");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void queryMethodIsCachedByItsBody(ClientKind kind) {
		contexts().run((context) -> {
			Client client = kind.create(context);
			send(client, "QUERY", "/things", "{\"where\":{\"a\":1,\"b\":2}}");
			Result hit = send(client, "QUERY", "/things", "{\"where\":{\"b\":2,\"a\":1}}");
			Result other = send(client, "QUERY", "/things", "{\"where\":{\"a\":2}}");
			assertThat(hit.cacheStatus()).startsWith("http-cache; hit");
			assertThat(hit.body()).isEqualTo("QUERY {\"where\":{\"a\":1,\"b\":2}}");
			assertThat(other.cacheStatus()).isEqualTo("http-cache; fwd=uri-miss; stored");
			assertThat(this.origin.requests()).extracting(TestOrigin.Recorded::method).containsOnly("QUERY");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void listedQueriesLeaveTheUrlsGetEntryAloneWhileUnlistedUnsafeMethodsEvictIt(ClientKind kind) {
		contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.origin.url("/things"));
			send(client, "POST", "/things", "{\"q\":1}");
			assertThat(client.get(this.origin.url("/things")).cacheStatus()).as("after a listed POST")
				.startsWith("http-cache; hit");
			send(client, "PUT", "/things", "{\"name\":\"new\"}");
			assertThat(client.get(this.origin.url("/things")).cacheStatus()).as("after an unlisted PUT")
				.isEqualTo("http-cache; fwd=uri-miss; stored");
		});
	}

}
