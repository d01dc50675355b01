package io.github.httpcache.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.httpcache.internal.core.HttpDates;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.HttpCacheFixture;
import io.github.httpcache.test.HttpCacheFixture.AThenB;
import io.github.httpcache.test.MutableClock;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of the seed page ("Cache Headers" of requests-cache), through each client built from Spring
 * Boot's builders, against a counting origin and a real Redis, with time moved by hand.
 */
class SeedRowsEndToEndTests {

	@RegisterExtension
	final HttpCacheFixture fixture = HttpCacheFixture.answering((request) -> Reply.ok("fallback"));

	private final MutableClock clock = this.fixture.clock();

	private final TestOrigin origin = this.fixture.origin();

	private final String url = this.origin.url("/repos/requests-cache");

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void seedExampleTinyExpirationRevalidatesAndTheOriginsNotModifiedReturnsTheStoredBody(ClientKind kind) {
		this.fixture.contexts("http.cache.expire-after=1ms").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("ETag", "\"v1\"")).enqueue(Reply.notModified());
			AThenB both = this.fixture.assertConditionallyCached(client, this.url, Duration.ofSeconds(1));
			assertThat(both.first().cacheStatus()).isEqualTo("http-cache; fwd=uri-miss; stored");
			assertThat(both.second().status()).isEqualTo(200);
			assertThat(both.second().body()).isEqualTo("A");
			assertThat(both.second().cacheStatus()).isEqualTo("http-cache; fwd=stale; fwd-status=304; stored");
			assertThat(this.origin.requests().get(0).header("If-None-Match")).isNull();
		});
	}

	/** The seed page's own first line, {@code CachedSession(expire_after=0.0001)}, in each form a user would write it. */
	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void seedExampleWrittenInMicrosecondsOrIsoExpiresAtOnceAndRevalidates(ClientKind kind) {
		for (String form : new String[] { "100us", "PT0.0001S", "100000ns" }) {
			this.fixture.contexts("http.cache.expire-after=" + form).run((context) -> {
				Client client = kind.create(context);
				String url = this.origin.url("/seed-" + form);
				this.origin.enqueue(Reply.ok("A").header("ETag", "\"v1\"")).enqueue(Reply.notModified());
				AThenB both = this.fixture.assertConditionallyCached(client, url, Duration.ofMillis(1));
				assertThat(both.first().cacheStatus()).as(form).isEqualTo("http-cache; fwd=uri-miss; stored");
				assertThat(both.second().body()).as(form).isEqualTo("A");
				assertThat(both.second().cacheStatus()).as(form).startsWith("http-cache; fwd=stale; fwd-status=304; ");
			});
		}
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void perRequestAndPerUrlExpirationsTakeMicroseconds(ClientKind kind) {
		String perUrl = "http.cache.urls-expire-after[127.0.0.1/per-url]=100us";
		this.fixture.contexts(perUrl).run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("ETag", "\"v1\"")).enqueue(Reply.notModified());
			client.get(this.origin.url("/per-url"));
			this.clock.advance(Duration.ofMillis(1));
			assertThat(client.get(this.origin.url("/per-url")).cacheStatus()).startsWith("http-cache; fwd=stale; fwd-status=304");
			if (kind.supportsAttributes()) {
				this.origin.enqueue(Reply.ok("B").header("ETag", "\"v2\"")).enqueue(Reply.notModified());
				client.get(this.origin.url("/per-request"), io.github.httpcache.HttpCacheRequest.expireAfter("1500us"));
				this.clock.advance(Duration.ofMillis(2));
				Result revalidated = client.get(this.origin.url("/per-request"));
				assertThat(revalidated.body()).isEqualTo("B");
				assertThat(revalidated.cacheStatus()).startsWith("http-cache; fwd=stale; fwd-status=304");
			}
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void requestMaxAgeIsTheExpirationOfWhatItStores(ClientKind kind) {
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A")).enqueue(Reply.ok("B"));
			client.get(this.url, Map.of("Cache-Control", "max-age=60"));
			this.clock.advance(Duration.ofSeconds(30));
			assertThat(client.get(this.url).body()).isEqualTo("A");
			this.clock.advance(Duration.ofSeconds(31));
			Result expired = client.get(this.url);
			assertThat(expired.body()).isEqualTo("B");
			assertThat(expired.cacheStatus()).isEqualTo("http-cache; fwd=stale; stored");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void requestMaxAgeLimitsTheAgeOfWhatItReuses(ClientKind kind) {
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A")).enqueue(Reply.ok("B"));
			client.get(this.url);
			this.clock.advance(Duration.ofSeconds(120));
			assertThat(client.get(this.url).body()).as("never expires for a request without max-age").isEqualTo("A");
			assertThat(client.get(this.url, Map.of("Cache-Control", "max-age=60")).body()).isEqualTo("B");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void requestNoCacheSkipsTheReadAndStoresTheAnswer(ClientKind kind) {
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A")).enqueue(Reply.ok("B"));
			client.get(this.url);
			Result noCache = client.get(this.url, Map.of("Cache-Control", "no-cache"));
			assertThat(noCache.body()).isEqualTo("B");
			assertThat(noCache.cacheStatus()).isEqualTo("http-cache; fwd=request; stored");
			assertThat(client.get(this.url).body()).isEqualTo("B");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void requestNoStoreSkipsTheReadAndTheWrite(ClientKind kind) {
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A")).enqueue(Reply.ok("B"));
			client.get(this.url);
			Result noStore = client.get(this.url, Map.of("Cache-Control", "no-store"));
			assertThat(noStore.body()).isEqualTo("B");
			assertThat(noStore.cacheStatus()).isEqualTo("http-cache; fwd=bypass");
			assertThat(client.get(this.url).body()).as("the stored entry is untouched").isEqualTo("A");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void ifModifiedSinceIsAddedFromLastModifiedOnceExpired(ClientKind kind) {
		String lastModified = "Sun, 06 Nov 1994 08:49:37 GMT";
		this.fixture.contexts("http.cache.expire-after=10s").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("Last-Modified", lastModified)).enqueue(Reply.notModified());
			client.get(this.url);
			this.clock.advance(Duration.ofSeconds(5));
			assertThat(client.get(this.url).cacheStatus()).as("fresh: no request").startsWith("http-cache; hit");
			this.clock.advance(Duration.ofSeconds(6));
			Result revalidated = client.get(this.url);
			assertThat(revalidated.body()).isEqualTo("A");
			assertThat(revalidated.cacheStatus()).isEqualTo("http-cache; fwd=stale; fwd-status=304; stored");
			assertThat(this.origin.lastRequest().header("If-Modified-Since")).isEqualTo(lastModified);
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void changedContentReplacesTheEntryOnRevalidation(ClientKind kind) {
		this.fixture.contexts("http.cache.expire-after=10s").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("ETag", "\"v1\"")).enqueue(Reply.ok("B").header("ETag", "\"v2\""));
			client.get(this.url);
			this.clock.advance(Duration.ofSeconds(11));
			Result modified = client.get(this.url);
			assertThat(modified.body()).isEqualTo("B");
			assertThat(modified.cacheStatus()).isEqualTo("http-cache; fwd=stale; stored");
			assertThat(client.get(this.url).body()).isEqualTo("B");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void notModifiedMergesItsHeadersAndRenewsTheExpiration(ClientKind kind) {
		this.fixture.contexts("http.cache.expire-after=10s").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("ETag", "\"v1\"").header("X-Version", "1"))
				.enqueue(Reply.notModified().header("ETag", "\"v1\"").header("X-Version", "2"))
				.enqueue(Reply.notModified());
			client.get(this.url);
			this.clock.advance(Duration.ofSeconds(11));
			Result revalidated = client.get(this.url);
			assertThat(revalidated.header("X-Version")).containsExactly("2");
			assertThat(revalidated.header("Content-Type")).containsExactly("text/plain");
			this.clock.advance(Duration.ofSeconds(9));
			Result renewed = client.get(this.url);
			assertThat(renewed.cacheStatus()).startsWith("http-cache; hit");
			assertThat(renewed.header("X-Version")).containsExactly("2");
			assertThat(this.origin.requestCount()).as("fresh again for 10s after the 304").isEqualTo(2);
			this.clock.advance(Duration.ofSeconds(2));
			client.get(this.url);
			assertThat(this.origin.requestCount()).isEqualTo(3);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void responseMaxAgeIsTheExpirationWithCacheControl(ClientKind kind) {
		this.fixture.contexts("http.cache.cache-control=true").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("Cache-Control", "max-age=60")).enqueue(Reply.ok("B"));
			client.get(this.url);
			this.clock.advance(Duration.ofSeconds(30));
			Result fresh = client.get(this.url);
			assertThat(fresh.body()).isEqualTo("A");
			assertThat(fresh.cacheStatus()).isEqualTo("http-cache; hit; ttl=30");
			this.clock.advance(Duration.ofSeconds(31));
			assertThat(client.get(this.url).body()).isEqualTo("B");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void responseNoStoreIsNotWrittenWithCacheControl(ClientKind kind) {
		this.fixture.contexts("http.cache.cache-control=true").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("Cache-Control", "no-store")).enqueue(Reply.ok("B"));
			Result first = client.get(this.url);
			assertThat(first.cacheStatus()).isEqualTo("http-cache; fwd=uri-miss");
			assertThat(client.get(this.url).body()).isEqualTo("B");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void responseNoStoreIsHonouredEvenWithAnETagAndCacheControlOff(ClientKind kind) {
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("Cache-Control", "no-store").header("ETag", "\"v1\""))
				.enqueue(Reply.ok("B"));
			client.get(this.url);
			assertThat(client.get(this.url).body()).isEqualTo("B");
			assertThat(this.origin.requests().get(1).header("If-None-Match")).isNull();
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void responseImmutableNeverExpiresWithCacheControl(ClientKind kind) {
		this.fixture.contexts("http.cache.cache-control=true", "http.cache.expire-after=1s").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("Cache-Control", "max-age=1, immutable"));
			client.get(this.url);
			this.clock.advance(Duration.ofDays(400));
			Result later = client.get(this.url);
			assertThat(later.body()).isEqualTo("A");
			assertThat(later.cacheStatus()).isEqualTo("http-cache; hit");
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void responseExpiresIsAnAbsoluteExpirationWithCacheControl(ClientKind kind) {
		this.fixture.contexts("http.cache.cache-control=true").run((context) -> {
			Client client = kind.create(context);
			// The origin's Date is the wall clock, so Expires is written against it.
			String expires = HttpDates.format(Instant.now().plusSeconds(60));
			this.origin.enqueue(Reply.ok("A").header("Expires", expires)).enqueue(Reply.ok("B"));
			client.get(this.url);
			this.clock.advance(Duration.ofSeconds(30));
			assertThat(client.get(this.url).body()).isEqualTo("A");
			this.clock.advance(Duration.ofSeconds(32));
			assertThat(client.get(this.url).body()).isEqualTo("B");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void invalidExpiresMeansAlreadyExpiredWithCacheControl(ClientKind kind) {
		this.fixture.contexts("http.cache.cache-control=true").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("Expires", "0").header("ETag", "\"v1\""))
				.enqueue(Reply.notModified());
			client.get(this.url);
			Result second = client.get(this.url);
			assertThat(second.body()).isEqualTo("A");
			assertThat(second.cacheStatus()).startsWith("http-cache; fwd=stale; fwd-status=304");
			assertThat(this.origin.lastRequest().header("If-None-Match")).isEqualTo("\"v1\"");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void responseHeadersDoNotSetExpirationWithoutCacheControl(ClientKind kind) {
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("Cache-Control", "max-age=1"));
			client.get(this.url);
			this.clock.advance(Duration.ofDays(1));
			assertThat(client.get(this.url).body()).isEqualTo("A");
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

}
