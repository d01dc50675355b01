package io.github.httpcache.client;

import java.time.Duration;
import java.util.Map;

import io.github.httpcache.HttpCacheRequest;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.HttpCacheFixture;
import io.github.httpcache.test.MutableClock;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Recorded;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The per-request options of {@link HttpCacheRequest}, as request attributes, through every client
 * that carries attributes; and their request-header equivalents through every client.
 */
class PerRequestOptionsEndToEndTests {

	@RegisterExtension
	final HttpCacheFixture fixture = HttpCacheFixture.answering((request) -> Reply.ok("C"));

	private final MutableClock clock = this.fixture.clock();

	private final TestOrigin origin = this.fixture.origin();

	private final String url = this.origin.url("/users/1");

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void onlyIfCachedAnswersGatewayTimeoutOnAMissWithoutCallingTheOrigin(ClientKind kind) {
		assumeTrue(kind.supportsAttributes());
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			Result miss = client.get(this.url, HttpCacheRequest.onlyIfCached());
			assertThat(miss.status()).isEqualTo(504);
			assertThat(this.origin.requestCount()).isZero();
			this.origin.enqueue(Reply.ok("A"));
			client.get(this.url);
			Result hit = client.get(this.url, HttpCacheRequest.onlyIfCached());
			assertThat(hit.status()).isEqualTo(200);
			assertThat(hit.body()).isEqualTo("A");
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void onlyIfCachedRequestHeaderAnswersGatewayTimeoutOnAMiss(ClientKind kind) {
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			Result miss = client.get(this.url, Map.of("Cache-Control", "only-if-cached"));
			assertThat(miss.status()).isEqualTo(504);
			assertThat(this.origin.requestCount()).isZero();
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void onlyIfCachedDoesNotRevalidateAStaleEntry(ClientKind kind) {
		assumeTrue(kind.supportsAttributes());
		this.fixture.contexts("http.cache.expire-after=10s").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("ETag", "\"v1\""));
			client.get(this.url);
			this.clock.advance(Duration.ofSeconds(11));
			assertThat(client.get(this.url, HttpCacheRequest.onlyIfCached()).status()).isEqualTo(504);
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void refreshRevalidatesAFreshEntry(ClientKind kind) {
		assumeTrue(kind.supportsAttributes());
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("ETag", "\"v1\"")).enqueue(Reply.notModified());
			client.get(this.url);
			Result refreshed = client.get(this.url, HttpCacheRequest.refresh());
			assertThat(refreshed.body()).isEqualTo("A");
			assertThat(refreshed.cacheStatus()).contains("fwd-status=304");
			assertThat(this.origin.lastRequest().header("If-None-Match")).isEqualTo("\"v1\"");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void refreshWithoutAValidatorFetchesAgain(ClientKind kind) {
		assumeTrue(kind.supportsAttributes());
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A")).enqueue(Reply.ok("B"));
			client.get(this.url);
			assertThat(client.get(this.url, HttpCacheRequest.refresh()).body()).isEqualTo("B");
			assertThat(client.get(this.url).body()).isEqualTo("B");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void forceRefreshIgnoresTheEntryFetchesAndStores(ClientKind kind) {
		assumeTrue(kind.supportsAttributes());
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("ETag", "\"v1\"")).enqueue(Reply.ok("B"));
			client.get(this.url);
			Result forced = client.get(this.url, HttpCacheRequest.forceRefresh());
			assertThat(forced.body()).isEqualTo("B");
			assertThat(forced.cacheStatus()).isEqualTo("http-cache; fwd=request; stored");
			assertThat(this.origin.lastRequest().header("If-None-Match")).as("not a revalidation").isNull();
			assertThat(client.get(this.url).body()).isEqualTo("B");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void bypassNeitherReadsNorWrites(ClientKind kind) {
		assumeTrue(kind.supportsAttributes());
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A")).enqueue(Reply.ok("B"));
			client.get(this.url);
			Result bypassed = client.get(this.url, HttpCacheRequest.bypass());
			assertThat(bypassed.body()).isEqualTo("B");
			assertThat(bypassed.cacheStatus()).isEqualTo("http-cache; fwd=bypass");
			assertThat(client.get(this.url).body()).as("the stored entry is untouched").isEqualTo("A");
			String other = this.origin.url("/other");
			client.get(other, HttpCacheRequest.bypass());
			client.get(other);
			assertThat(this.origin.requestCount()).as("bypass wrote nothing for /other").isEqualTo(4);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void expireAfterIsTheExpirationOfWhatThisRequestStores(ClientKind kind) {
		assumeTrue(kind.supportsAttributes());
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A")).enqueue(Reply.ok("B"));
			client.get(this.url, HttpCacheRequest.expireAfter(Duration.ofSeconds(60)));
			this.clock.advance(Duration.ofSeconds(30));
			Result fresh = client.get(this.url);
			assertThat(fresh.cacheStatus()).isEqualTo("http-cache; hit; ttl=30");
			this.clock.advance(Duration.ofSeconds(31));
			assertThat(client.get(this.url).body()).isEqualTo("B");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void expireAfterDoNotCacheLeavesTheCacheOut(ClientKind kind) {
		assumeTrue(kind.supportsAttributes());
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A")).enqueue(Reply.ok("B"));
			Result first = client.get(this.url, HttpCacheRequest.expireAfter("do-not-cache"));
			assertThat(first.cacheStatus()).isEqualTo("http-cache; fwd=bypass");
			assertThat(client.get(this.url).body()).isEqualTo("B");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void optionsAreNeverSentToTheOrigin(ClientKind kind) {
		assumeTrue(kind.supportsAttributes());
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.url, HttpCacheRequest.forceRefresh().andThen(HttpCacheRequest.expireAfter("never")));
			client.get(this.url, HttpCacheRequest.refresh());
			client.get(this.url, HttpCacheRequest.bypass());
			assertThat(this.origin.requestCount()).isEqualTo(3);
			for (Recorded request : this.origin.requests()) {
				assertThat(request.header("Cache-Control")).isNull();
				assertThat(request.headers().keySet()).noneMatch((name) -> name.toLowerCase().contains("cache"));
				assertThat(request.headers().toString()).doesNotContain("httpcache");
			}
		});
	}

}
