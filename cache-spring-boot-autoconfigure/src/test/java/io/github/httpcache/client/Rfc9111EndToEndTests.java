package io.github.httpcache.client;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.github.httpcache.internal.core.HttpDates;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.HttpCacheFixture;
import io.github.httpcache.test.MutableClock;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9111 behaviour through real clients, a real origin and a real Redis, with
 * {@code cache-control=true} and a clock the tests move: Vary variants, Age on hits, validation with
 * several variants, the caller's own conditionals, must-revalidate, HEAD, invalidation and
 * shared-cache rules.
 */
class Rfc9111EndToEndTests {

	@RegisterExtension
	final HttpCacheFixture fixture = HttpCacheFixture.scripted()
		.startingAt(Instant.now().truncatedTo(ChronoUnit.SECONDS))
		.withProperties("http.cache.cache-control=true");

	private final MutableClock clock = this.fixture.clock();

	private final TestOrigin origin = this.fixture.origin();

	private Reply fresh(String body, int maxAge) {
		return Reply.ok(body).header("Date", HttpDates.format(this.clock.instant()))
			.header("Cache-Control", "max-age=" + maxAge);
	}

	// RFC 9111 §4.1

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void eachLanguageIsServedItsOwnStoredVariant(ClientKind kind) {
		this.origin.otherwise((request) -> fresh("in " + request.header("Accept-Language"), 60)
			.header("Vary", "Accept-Language"));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			assertThat(client.get(this.fixture.url("/page"), Map.of("Accept-Language", "en")).body()).isEqualTo("in en");
			assertThat(client.get(this.fixture.url("/page"), Map.of("Accept-Language", "fr")).body()).isEqualTo("in fr");
			Result english = client.get(this.fixture.url("/page"), Map.of("Accept-Language", "en"));
			Result french = client.get(this.fixture.url("/page"), Map.of("Accept-Language", "fr"));
			assertThat(english.body()).isEqualTo("in en");
			assertThat(english.cacheStatus()).startsWith("http-cache; hit");
			assertThat(french.body()).isEqualTo("in fr");
			assertThat(french.cacheStatus()).startsWith("http-cache; hit");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void varyStarIsNeverServedFromTheCache(ClientKind kind) {
		this.origin.otherwise((request) -> fresh("any", 60).header("Vary", "*"));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/star"));
			client.get(this.fixture.url("/star"));
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aNotModifiedThatChangesVaryIsStoredForTheValidatedRequestNotMergedIntoTheOldVariant(ClientKind kind) {
		this.origin.enqueue(fresh("flavoured", 10).header("Vary", "X-Flavour").header("ETag", "\"v1\""))
			.otherwise((request) -> fresh("fetched", 60).header("Vary", "X-Region").header("ETag", "\"v2\""));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/menu"), Map.of("X-Flavour", "a", "X-Region", "eu"));
			this.clock.advance(Duration.ofSeconds(20));
			this.origin.enqueue(Reply.notModified()
				.header("Date", HttpDates.format(this.clock.instant()))
				.header("ETag", "\"v1\"")
				.header("Vary", "X-Region")
				.header("Cache-Control", "max-age=60"));
			Result revalidated = client.get(this.fixture.url("/menu"), Map.of("X-Flavour", "a", "X-Region", "us"));
			assertThat(revalidated.cacheStatus()).isEqualTo("http-cache; fwd=stale; fwd-status=304; stored");
			assertThat(revalidated.body()).isEqualTo("flavoured");
			assertThat(this.origin.requestCount()).isEqualTo(2);

			// Merged into the old variant, the entry would say Vary: X-Region while holding X-Flavour's
			// value, and this request (no X-Region) would match it and be served as a hit.
			Result noRegion = client.get(this.fixture.url("/menu"), Map.of("X-Flavour", "a"));
			assertThat(noRegion.cacheStatus()).doesNotStartWith("http-cache; hit");
			assertThat(this.origin.requestCount()).isEqualTo(3);

			// Stored as the validated request's variant: selected by X-Region alone now.
			Result sameRegion = client.get(this.fixture.url("/menu"), Map.of("X-Flavour", "b", "X-Region", "us"));
			assertThat(sameRegion.cacheStatus()).startsWith("http-cache; hit");
			assertThat(sameRegion.body()).isEqualTo("flavoured");
			assertThat(this.origin.requestCount()).isEqualTo(3);
		});
	}

	// RFC 9111 §4.2.3, §5.1

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void hitCarriesItsAgeCorrectedForTheAgeItArrivedWith(ClientKind kind) {
		this.origin.enqueue(fresh("A", 100).header("Age", "5"));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/aged"));
			this.clock.advance(Duration.ofSeconds(30));
			Result hit = client.get(this.fixture.url("/aged"));
			assertThat(hit.header("Age")).containsExactly("35");
			assertThat(hit.cacheStatus()).isEqualTo("http-cache; hit; ttl=65");
		});
	}

	// RFC 9111 §4.3.1, §4.3.4

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void revalidationWithSeveralVariantsSendsEveryTagAndFreshensTheOneTheOriginNames(ClientKind kind) {
		this.origin.enqueue(fresh("in en", 10).header("Vary", "Accept-Language").header("ETag", "\"en-1\""))
			.enqueue(fresh("in fr", 10).header("Vary", "Accept-Language").header("ETag", "\"fr-1\""));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/negotiated"), Map.of("Accept-Language", "en"));
			client.get(this.fixture.url("/negotiated"), Map.of("Accept-Language", "fr"));
			this.clock.advance(Duration.ofSeconds(20));
			this.origin.enqueue(Reply.notModified()
				.header("Date", HttpDates.format(this.clock.instant()))
				.header("ETag", "\"fr-1\"")
				.header("Cache-Control", "max-age=60"));
			Result revalidated = client.get(this.fixture.url("/negotiated"), Map.of("Accept-Language", "fr"));
			assertThat(this.origin.lastRequest().header("If-None-Match")).isEqualTo("\"fr-1\", \"en-1\"");
			assertThat(revalidated.status()).isEqualTo(200);
			assertThat(revalidated.body()).isEqualTo("in fr");
			assertThat(revalidated.cacheStatus()).isEqualTo("http-cache; fwd=stale; fwd-status=304; stored");
			Result hit = client.get(this.fixture.url("/negotiated"), Map.of("Accept-Language", "fr"));
			assertThat(hit.cacheStatus()).startsWith("http-cache; hit");
			assertThat(hit.body()).isEqualTo("in fr");
			assertThat(this.origin.requestCount()).isEqualTo(3);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void notModifiedOlderThanTheStoredResponseIsRetriedUnconditionally(ClientKind kind) throws Exception {
		// The JDK server stamps its own Date on every response, so this origin speaks HTTP over a bare socket.
		Instant stored = this.clock.instant();
		try (TestOrigin socketOrigin = TestOrigin.raw()) {
			socketOrigin.enqueueRaw(200, "A", "Date: " + HttpDates.format(stored), "Cache-Control: max-age=10", "ETag: \"v1\"")
				.enqueueRaw(304, "", "Date: " + HttpDates.format(stored.minusSeconds(3600)), "ETag: \"v1\"")
				.enqueueRaw(200, "B", "Date: " + HttpDates.format(stored.plusSeconds(20)), "Cache-Control: max-age=10",
						"ETag: \"v2\"");
			this.fixture.contexts().run((context) -> {
				Client client = kind.create(context);
				client.get(socketOrigin.url("/r"));
				this.clock.advance(Duration.ofSeconds(20));
				Result result = client.get(socketOrigin.url("/r"));
				assertThat(result.body()).isEqualTo("B");
				assertThat(socketOrigin.requests()).hasSize(3);
				assertThat(socketOrigin.requests().get(1).header("If-None-Match")).isEqualTo("\"v1\"");
				assertThat(socketOrigin.requests().get(2).header("If-None-Match")).isNull();
				assertThat(client.get(socketOrigin.url("/r")).body()).isEqualTo("B");
				assertThat(socketOrigin.requests()).hasSize(3);
			});
		}
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void notModifiedNamingNoStoredResponseIsRetriedUnconditionally(ClientKind kind) {
		this.origin.enqueue(fresh("A", 10).header("ETag", "\"v1\""));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/r"));
			this.clock.advance(Duration.ofSeconds(20));
			this.origin.enqueue(Reply.notModified().header("ETag", "\"other\""));
			this.origin.enqueue(fresh("B", 10));
			assertThat(client.get(this.fixture.url("/r")).body()).isEqualTo("B");
			assertThat(this.origin.lastRequest().header("If-None-Match")).isNull();
		});
	}

	// RFC 9111 §4.3.2

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void callersOwnConditionalIsAnsweredFromAFreshEntry(ClientKind kind) {
		this.origin.enqueue(fresh("A", 60).header("ETag", "\"v1\""));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/c"));
			Result notModified = client.get(this.fixture.url("/c"), Map.of("If-None-Match", "\"v1\""));
			assertThat(notModified.status()).isEqualTo(304);
			assertThat(notModified.cacheStatus()).startsWith("http-cache; hit");
			Result changed = client.get(this.fixture.url("/c"), Map.of("If-None-Match", "\"v0\""));
			assertThat(changed.status()).isEqualTo(200);
			assertThat(changed.body()).isEqualTo("A");
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void callersOwnConditionalOnAStaleEntryIsPassedThrough(ClientKind kind) {
		this.origin.enqueue(fresh("A", 10).header("ETag", "\"v1\""));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/c"));
			this.clock.advance(Duration.ofSeconds(20));
			this.origin.enqueue(Reply.notModified().header("ETag", "\"v0\""));
			Result passed = client.get(this.fixture.url("/c"), Map.of("If-None-Match", "\"v0\""));
			assertThat(passed.status()).isEqualTo(304);
			assertThat(this.origin.lastRequest().header("If-None-Match")).isEqualTo("\"v0\"");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	// RFC 9111 §5.2.2.2, §5.2.2.4

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void mustRevalidateEntryAnswers504WhenTheOriginCannotBeReached(ClientKind kind) {
		TestOrigin failing = TestOrigin.start();
		failing.enqueue(fresh("A", 10).header("Cache-Control", "max-age=10, must-revalidate").header("ETag", "\"v1\""));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			String url = failing.url("/strict");
			client.get(url);
			failing.close();
			this.clock.advance(Duration.ofSeconds(20));
			Result result = client.exchange("GET", url, Map.of("Cache-Control", "max-stale"), null, (attributes) -> {
			});
			assertThat(result.status()).isEqualTo(504);
			assertThat(result.cacheStatus()).contains("detail=must-revalidate");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void responseNoCacheIsRevalidatedOnEveryUse(ClientKind kind) {
		this.origin.enqueue(fresh("A", 600).header("Cache-Control", "max-age=600, no-cache").header("ETag", "\"v1\""))
			.enqueue(Reply.notModified().header("ETag", "\"v1\""))
			.enqueue(Reply.notModified().header("ETag", "\"v1\""));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/nc"));
			assertThat(client.get(this.fixture.url("/nc")).body()).isEqualTo("A");
			assertThat(client.get(this.fixture.url("/nc")).body()).isEqualTo("A");
			assertThat(this.origin.requestCount()).isEqualTo(3);
			assertThat(this.origin.lastRequest().header("If-None-Match")).isEqualTo("\"v1\"");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void requestMaxStaleIsServedAStaleEntry(ClientKind kind) {
		this.origin.enqueue(fresh("A", 10));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/s"));
			this.clock.advance(Duration.ofSeconds(20));
			Result stale = client.get(this.fixture.url("/s"), Map.of("Cache-Control", "max-stale=30"));
			assertThat(stale.body()).isEqualTo("A");
			assertThat(stale.cacheStatus()).isEqualTo("http-cache; hit; ttl=-10");
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

	// RFC 9111 §4.3.5

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void headIsAnsweredFromAStoredGet(ClientKind kind) {
		this.origin.enqueue(fresh("A", 60));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/h"));
			Result head = client.exchange("HEAD", this.fixture.url("/h"), Map.of(), null, (attributes) -> {
			});
			assertThat(head.status()).isEqualTo(200);
			assertThat(head.body()).isNull();
			assertThat(head.cacheStatus()).startsWith("http-cache; hit");
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void headResponseFreshensTheStoredGet(ClientKind kind) {
		this.origin.enqueue(fresh("A", 10).header("ETag", "\"v1\""));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/h"));
			this.clock.advance(Duration.ofSeconds(20));
			// An origin that ignores the conditional HEAD and answers 200 with the same validator.
			this.origin.enqueue(fresh("", 60).header("ETag", "\"v1\""));
			client.exchange("HEAD", this.fixture.url("/h"), Map.of(), null, (attributes) -> {
			});
			Result get = client.get(this.fixture.url("/h"));
			assertThat(get.body()).isEqualTo("A");
			assertThat(get.cacheStatus()).startsWith("http-cache; hit");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void headResponseWithAnotherValidatorMakesTheStoredGetStale(ClientKind kind) {
		this.origin.enqueue(fresh("A", 60).header("ETag", "\"v1\""));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/h"));
			this.origin.enqueue(fresh("", 60).header("ETag", "\"v2\""));
			// max-age=0 a second later makes the cache ask the origin while the stored GET is still fresh.
			this.clock.advance(Duration.ofSeconds(1));
			client.exchange("HEAD", this.fixture.url("/h"), Map.of("Cache-Control", "max-age=0"), null, (attributes) -> {
			});
			this.origin.enqueue(fresh("B", 60).header("ETag", "\"v2\""));
			assertThat(client.get(this.fixture.url("/h")).body()).isEqualTo("B");
			assertThat(this.origin.requestCount()).isEqualTo(3);
		});
	}

	// RFC 9111 §4.4

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void successfulPostPutAndDeleteInvalidateTheTarget(ClientKind kind) {
		this.origin.otherwise((request) -> request.method().equals("GET") ? fresh("state " + this.origin.requestCount(), 60)
				: Reply.status(204, ""));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			for (String method : new String[] { "POST", "PUT", "DELETE" }) {
				String before = client.get(this.fixture.url("/item")).body();
				assertThat(client.get(this.fixture.url("/item")).body()).isEqualTo(before);
				client.exchange(method, this.fixture.url("/item"), Map.of(), "x", (attributes) -> {
				});
				Result after = client.get(this.fixture.url("/item"));
				assertThat(after.cacheStatus()).as(method).startsWith("http-cache; fwd=uri-miss");
				assertThat(after.body()).isNotEqualTo(before);
			}
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void postInvalidatesSameOriginLocationButNeverAnotherOrigin(ClientKind kind) {
		String otherOrigin = "http://localhost:" + this.origin.port() + "/items/2";
		this.origin.otherwise((request) -> request.method().equals("GET") ? fresh("item", 60)
				: Reply.status(201, "").header("Location", "/items/1").header("Content-Location", otherOrigin));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/items/1"));
			client.get(otherOrigin);
			client.exchange("POST", this.fixture.url("/items"), Map.of(), "x", (attributes) -> {
			});
			assertThat(client.get(this.fixture.url("/items/1")).cacheStatus()).startsWith("http-cache; fwd=uri-miss");
			assertThat(client.get(otherOrigin).cacheStatus()).startsWith("http-cache; hit");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void failedPostInvalidatesNothing(ClientKind kind) {
		this.origin.otherwise((request) -> request.method().equals("GET") ? fresh("item", 60)
				: Reply.status(500, "failed"));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/item"));
			client.exchange("POST", this.fixture.url("/item"), Map.of(), "x", (attributes) -> {
			});
			assertThat(client.get(this.fixture.url("/item")).cacheStatus()).startsWith("http-cache; hit");
		});
	}

	// RFC 9111 §3.5, §5.2.2.7, §5.2.2.10

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void sharedCacheDoesNotStorePrivateResponses(ClientKind kind) {
		this.origin.otherwise((request) -> fresh("mine", 60).header("Cache-Control", "private, max-age=60"));
		this.fixture.contexts().withPropertyValues("http.cache.shared=true").run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/p"));
			assertThat(client.get(this.fixture.url("/p")).cacheStatus()).isEqualTo("http-cache; fwd=uri-miss");
		});
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/p"));
			assertThat(client.get(this.fixture.url("/p")).cacheStatus()).startsWith("http-cache; hit");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void sharedCacheStoresAuthorizedResponsesOnlyWhenAllowed(ClientKind kind) {
		Map<String, String> token = Map.of("Authorization", "Bearer t");
		this.origin.otherwise((request) -> request.uri().getPath().equals("/public")
				? fresh("p", 60).header("Cache-Control", "public, max-age=60") : fresh("x", 60));
		this.fixture.contexts().withPropertyValues("http.cache.shared=true").run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/plain"), token);
			assertThat(client.get(this.fixture.url("/plain"), token).cacheStatus()).isEqualTo("http-cache; fwd=uri-miss");
			client.get(this.fixture.url("/public"), token);
			assertThat(client.get(this.fixture.url("/public"), token).cacheStatus()).startsWith("http-cache; hit");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void sharedCacheUsesSMaxAge(ClientKind kind) {
		this.origin.otherwise((request) -> fresh("s", 10).header("Cache-Control", "max-age=10, s-maxage=100"));
		this.fixture.contexts().withPropertyValues("http.cache.shared=true").run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/s"));
			this.clock.advance(Duration.ofSeconds(50));
			assertThat(client.get(this.fixture.url("/s")).cacheStatus()).isEqualTo("http-cache; hit; ttl=50");
		});
	}

}
