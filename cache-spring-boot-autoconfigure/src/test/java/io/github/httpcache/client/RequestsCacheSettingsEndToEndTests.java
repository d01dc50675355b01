package io.github.httpcache.client;

import java.time.Duration;
import java.util.Map;

import io.github.httpcache.internal.core.HttpDates;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.HttpCacheFixture;
import io.github.httpcache.test.MutableClock;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * requests-cache's session settings {@code always_revalidate}, {@code only_if_cached} and
 * {@code read_only}, expirations by status ({@code status-expire-after}) and the forms of
 * {@code allowable-codes}, through each client against a counting origin and a real Redis.
 */
class RequestsCacheSettingsEndToEndTests {

	@RegisterExtension
	final HttpCacheFixture fixture = HttpCacheFixture.scripted();

	private final MutableClock clock = this.fixture.clock();

	private final TestOrigin origin = this.fixture.origin();

	private Reply tagged(String body, String etag) {
		return Reply.ok(body).header("ETag", etag).header("Date", HttpDates.format(this.clock.instant()));
	}

	// always-revalidate

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void alwaysRevalidateSendsTheValidatorOnEveryUseOfAFreshEntry(ClientKind kind) {
		this.origin.enqueue(tagged("A", "\"v1\"")).enqueue(Reply.notModified()).enqueue(Reply.notModified());
		this.fixture.contexts("http.cache.always-revalidate=true", "http.cache.expire-after=1h").run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/a"));
			Result second = client.get(this.fixture.url("/a"));
			Result third = client.get(this.fixture.url("/a"));
			assertThat(second.body()).isEqualTo("A");
			assertThat(second.cacheStatus()).startsWith("http-cache; fwd=stale; fwd-status=304");
			assertThat(third.body()).isEqualTo("A");
			assertThat(this.origin.requestCount()).isEqualTo(3);
			assertThat(this.origin.lastRequest().header("If-None-Match")).isEqualTo("\"v1\"");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void alwaysRevalidateServesAFreshEntryWithoutAValidator(ClientKind kind) {
		this.origin.enqueue(Reply.ok("A"));
		this.fixture.contexts("http.cache.always-revalidate=true").run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/plain"));
			assertThat(client.get(this.fixture.url("/plain")).cacheStatus()).startsWith("http-cache; hit");
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

	// only-if-cached

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void onlyIfCachedAnswersFromWhatAnotherInstanceStoredAndNeverCallsTheOrigin(ClientKind kind) {
		this.origin.enqueue(Reply.ok("A"));
		this.fixture.contexts().run((context) -> kind.create(context).get(this.fixture.url("/stored")));
		this.fixture.contexts("http.cache.only-if-cached=true").run((context) -> {
			Client client = kind.create(context);
			Result hit = client.get(this.fixture.url("/stored"));
			Result miss = client.get(this.fixture.url("/never-stored"));
			assertThat(hit.body()).isEqualTo("A");
			assertThat(hit.cacheStatus()).startsWith("http-cache; hit");
			assertThat(miss.status()).isEqualTo(504);
			assertThat(miss.cacheStatus()).isEqualTo("http-cache; detail=only-if-cached");
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

	// read-only

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void readOnlyServesWhatIsStoredAndWritesNothing(ClientKind kind) {
		this.origin.enqueue(tagged("A", "\"v1\""));
		this.fixture.contexts("http.cache.expire-after=10s").run((context) -> kind.create(context).get(this.fixture.url("/stored")));
		this.fixture.contexts("http.cache.read-only=true", "http.cache.expire-after=10s").run((context) -> {
			Client client = kind.create(context);
			assertThat(client.get(this.fixture.url("/stored")).cacheStatus()).startsWith("http-cache; hit");
			this.origin.enqueue(Reply.ok("B")).enqueue(Reply.ok("B"));
			assertThat(client.get(this.fixture.url("/new")).cacheStatus()).isEqualTo("http-cache; fwd=uri-miss");
			assertThat(client.get(this.fixture.url("/new")).cacheStatus()).as("not stored").isEqualTo("http-cache; fwd=uri-miss");
			this.clock.advance(Duration.ofSeconds(11));
			this.origin.enqueue(Reply.notModified()).enqueue(Reply.notModified());
			Result revalidated = client.get(this.fixture.url("/stored"));
			assertThat(revalidated.body()).isEqualTo("A");
			assertThat(revalidated.cacheStatus()).isEqualTo("http-cache; fwd=stale; fwd-status=304");
			assertThat(client.get(this.fixture.url("/stored")).cacheStatus()).as("the 304 did not update the entry")
				.isEqualTo("http-cache; fwd=stale; fwd-status=304");
			this.origin.enqueue(Reply.status(204, ""));
			client.exchange("DELETE", this.fixture.url("/stored"), Map.of(), null, (attributes) -> {
			});
			this.origin.enqueue(Reply.notModified());
			assertThat(client.get(this.fixture.url("/stored")).body()).as("DELETE invalidated nothing").isEqualTo("A");
			assertThat(this.origin.requestCount()).isEqualTo(7);
		});
	}

	// status-expire-after, allowable-codes classes and any

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aNotFoundIsCachedForItsOwnExpirationAndServerErrorsNever(ClientKind kind) {
		this.origin.otherwise((request) -> request.uri().getPath().equals("/missing") ? Reply.status(404, "gone")
				: Reply.status(503, "down"));
		this.fixture.contexts("http.cache.allowable-codes=2xx,4xx,5xx", "http.cache.expire-after=1h",
				"http.cache.status-expire-after[404]=30s", "http.cache.status-expire-after[5xx]=do-not-cache")
			.run((context) -> {
				Client client = kind.create(context);
				client.get(this.fixture.url("/missing"));
				Result hit = client.get(this.fixture.url("/missing"));
				assertThat(hit.status()).isEqualTo(404);
				assertThat(hit.cacheStatus()).isEqualTo("http-cache; hit; ttl=30");
				this.clock.advance(Duration.ofSeconds(31));
				assertThat(client.get(this.fixture.url("/missing")).cacheStatus()).isEqualTo("http-cache; fwd=stale; stored");
				client.get(this.fixture.url("/down"));
				assertThat(client.get(this.fixture.url("/down")).cacheStatus()).isEqualTo("http-cache; fwd=uri-miss");
				assertThat(this.origin.requestCount()).isEqualTo(4);
			});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void withAnyAndCacheControlExplicitlyFreshResponsesOfAnyFinalStatusAreCached(ClientKind kind) {
		this.origin.otherwise((request) -> {
			int status = Integer.parseInt(request.uri().getPath().substring(1));
			Reply reply = Reply.status(status, "status " + status).header("Date", HttpDates.format(this.clock.instant()));
			return request.uri().getQuery() == null ? reply.header("Cache-Control", "max-age=60") : reply;
		});
		this.fixture.contexts("http.cache.allowable-codes=any", "http.cache.cache-control=true").run((context) -> {
			Client client = kind.create(context);
			for (int status : new int[] { 404, 410, 500 }) {
				client.get(this.fixture.url("/" + status));
				Result again = client.get(this.fixture.url("/" + status));
				assertThat(again.status()).isEqualTo(status);
				assertThat(again.cacheStatus()).as("%d", status).isEqualTo("http-cache; hit; ttl=60");
			}
			client.get(this.fixture.url("/503?bare"));
			assertThat(client.get(this.fixture.url("/503?bare")).cacheStatus()).as("no explicit freshness")
				.isEqualTo("http-cache; fwd=uri-miss");
			assertThat(this.origin.requestCount()).isEqualTo(5);
		});
	}

	@Test
	void malformedStatusFormsFailStartUpNamingTheProperty() {
		this.fixture.contexts("http.cache.allowable-codes=200,2x").run((context) -> assertThat(context.getStartupFailure())
			.rootCause()
			.hasMessageContaining("http.cache.allowable-codes")
			.hasMessageContaining("'2xx'"));
		this.fixture.contexts("http.cache.status-expire-after[40]=30s").run((context) -> assertThat(context.getStartupFailure())
			.rootCause()
			.hasMessageContaining("http.cache.status-expire-after"));
		this.fixture.contexts("http.cache.status-expire-after[404]=30").run((context) -> assertThat(context.getStartupFailure())
			.rootCause()
			.hasMessageContaining("http.cache.status-expire-after[404]")
			.hasMessageContaining("100us"));
	}

}
