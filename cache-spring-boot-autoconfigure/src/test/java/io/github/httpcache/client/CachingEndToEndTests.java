package io.github.httpcache.client;

import java.util.Map;

import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.HttpCacheFixture;
import io.github.httpcache.test.HttpCacheFixture.AThenB;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The foundation's promises, proven with the origin's request count, against a real Redis and every
 * client built from Spring Boot's builders.
 */
class CachingEndToEndTests {

	@RegisterExtension
	final HttpCacheFixture fixture = HttpCacheFixture.answering((request) -> Reply.ok("body of " + request.uri()));

	private final TestOrigin origin = this.fixture.origin();

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void repeatedGetIsServedFromTheCache(ClientKind kind) {
		// The fixture's clock stands still: on a loaded machine the first exchange can take a second, and Age counts it.
		this.fixture.contexts().run((context) -> {
			AThenB both = this.fixture.assertFullyCached(kind.create(context), this.origin.url("/a"));
			assertThat(both.first().body()).isEqualTo("body of /a");
			assertThat(both.first().cacheStatus()).isEqualTo("http-cache; fwd=uri-miss; stored");
			assertThat(both.second().cacheStatus()).isEqualTo("http-cache; hit");
			assertThat(both.second().header("Age")).containsExactly("0");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void doNotCacheReachesTheOriginEveryTime(ClientKind kind) {
		this.fixture.contexts("http.cache.expire-after=do-not-cache").run((context) -> {
			AThenB both = this.fixture.assertNotCached(kind.create(context), this.origin.url("/a"));
			assertThat(both.second().cacheStatus()).isEqualTo("http-cache; fwd=bypass");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void disabledCacheReachesTheOriginEveryTimeAndAddsNothing(ClientKind kind) {
		this.fixture.contexts("http.cache.enabled=false").run((context) -> {
			Client client = kind.create(context);
			client.get(this.origin.url("/a"));
			Result second = client.get(this.origin.url("/a"));
			assertThat(this.origin.requestCount()).isEqualTo(2);
			assertThat(second.cacheStatus()).isNull();
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void requestNoStoreNeitherReadsNorWrites(ClientKind kind) {
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.origin.url("/a"));
			Result noStore = client.get(this.origin.url("/a"), Map.of("Cache-Control", "no-store"));
			assertThat(this.origin.requestCount()).isEqualTo(2);
			assertThat(noStore.cacheStatus()).isEqualTo("http-cache; fwd=bypass");
			Result uncachedFirst = client.get(this.origin.url("/b"), Map.of("Cache-Control", "no-store"));
			assertThat(uncachedFirst.cacheStatus()).isEqualTo("http-cache; fwd=bypass");
			client.get(this.origin.url("/b"));
			assertThat(this.origin.requestCount()).as("no-store wrote nothing for /b").isEqualTo(4);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void requestNoCacheGoesToTheOriginAndStoresTheAnswer(ClientKind kind) {
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A")).enqueue(Reply.ok("B"));
			client.get(this.origin.url("/a"));
			Result noCache = client.get(this.origin.url("/a"), Map.of("Cache-Control", "no-cache"));
			assertThat(noCache.body()).isEqualTo("B");
			assertThat(noCache.cacheStatus()).isEqualTo("http-cache; fwd=request; stored");
			Result after = client.get(this.origin.url("/a"));
			assertThat(after.body()).isEqualTo("B");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void entryStoredByOneApplicationIsAHitForAnotherOnTheSameRedis(ClientKind kind) {
		// The fixture's contexts share one Redis key prefix, as two applications on one Redis would.
		this.fixture.contexts().run((first) -> kind.create(first).get(this.origin.url("/shared")));
		this.fixture.contexts().run((second) -> {
			Result result = kind.create(second).get(this.origin.url("/shared"));
			assertThat(result.cacheStatus()).startsWith("http-cache; hit");
			assertThat(result.body()).isEqualTo("body of /shared");
		});
		assertThat(this.origin.requestCount()).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void postIsNotCached(ClientKind kind) {
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.exchange("POST", this.origin.url("/a"), Map.of(), "x", (a) -> {
			});
			client.exchange("POST", this.origin.url("/a"), Map.of(), "x", (a) -> {
			});
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

}
