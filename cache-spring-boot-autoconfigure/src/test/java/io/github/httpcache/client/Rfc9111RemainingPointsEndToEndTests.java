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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second round's RFC points through each client, a counting origin and a real Redis, with
 * {@code cache-control=true}: {@code Connection}-listed fields (RFC 9111 §3.1), an {@code Age} list
 * (RFC 9110 §5.5), authorized responses in a shared cache (§3.5), and {@code Vary} on
 * {@code Accept-Language} written in another case or order (§4.1).
 */
class Rfc9111RemainingPointsEndToEndTests {

	@RegisterExtension
	final HttpCacheFixture fixture = HttpCacheFixture.scripted().withProperties("http.cache.cache-control=true");

	private final MutableClock clock = this.fixture.clock();

	private final TestOrigin origin = this.fixture.origin();

	private Reply fresh(String body, String cacheControl) {
		return Reply.ok(body).header("Date", HttpDates.format(this.clock.instant())).header("Cache-Control", cacheControl);
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aFieldNamedByConnectionIsNotServedFromTheCache(ClientKind kind) {
		this.origin.enqueue(fresh("A", "max-age=60").header("Connection", "X-Hop").header("X-Hop", "secret")
			.header("X-Kept", "kept"));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			Result miss = client.get(this.fixture.url("/hop"));
			assertThat(miss.header("X-Hop")).as("the origin's response carries the field").containsExactly("secret");
			Result hit = client.get(this.fixture.url("/hop"));
			assertThat(hit.cacheStatus()).startsWith("http-cache; hit");
			assertThat(hit.header("X-Kept")).containsExactly("kept");
			assertThat(hit.header("X-Hop")).isEmpty();
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void anAgeListIsReadAsItsFirstValueSoAnOldResponseIsNotServedAsFresh(ClientKind kind) {
		this.origin.enqueue(fresh("A", "max-age=3600").header("Age", "7200, 0").header("ETag", "\"v1\""))
			.enqueue(Reply.notModified().header("Date", HttpDates.format(this.clock.instant())));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/aged"));
			Result second = client.get(this.fixture.url("/aged"));
			assertThat(second.cacheStatus()).startsWith("http-cache; fwd=stale; fwd-status=304");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aSharedCacheServesAPublicAuthorizedResponseToAnotherUser(ClientKind kind) {
		this.origin.otherwise((request) -> fresh("catalogue", "public, max-age=60"));
		this.fixture.contexts("http.cache.shared=true").run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/catalogue"), Map.of("Authorization", "Bearer alice"));
			Result bob = client.get(this.fixture.url("/catalogue"), Map.of("Authorization", "Bearer bob"));
			assertThat(bob.cacheStatus()).startsWith("http-cache; hit");
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aSharedCacheRevalidatesAMustRevalidateAuthorizedResponseWithTheNewUsersCredentials(ClientKind kind) {
		this.origin.enqueue(fresh("A", "max-age=10, must-revalidate").header("ETag", "\"v1\""))
			.enqueue(Reply.notModified().header("ETag", "\"v1\""));
		this.fixture.contexts("http.cache.shared=true").run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/doc"), Map.of("Authorization", "Bearer alice"));
			assertThat(client.get(this.fixture.url("/doc"), Map.of("Authorization", "Bearer bob")).cacheStatus())
				.startsWith("http-cache; hit");
			this.clock.advance(Duration.ofSeconds(11));
			Result revalidated = client.get(this.fixture.url("/doc"), Map.of("Authorization", "Bearer bob"));
			assertThat(revalidated.body()).isEqualTo("A");
			assertThat(this.origin.lastRequest().header("Authorization")).isEqualTo("Bearer bob");
			assertThat(this.origin.lastRequest().header("If-None-Match")).isEqualTo("\"v1\"");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aPrivateCacheNeverServesOneUsersResponseToAnother(ClientKind kind) {
		this.origin.otherwise((request) -> fresh("for " + request.header("Authorization"), "public, max-age=60"));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/mine"), Map.of("Authorization", "Bearer alice"));
			Result bob = client.get(this.fixture.url("/mine"), Map.of("Authorization", "Bearer bob"));
			assertThat(bob.body()).isEqualTo("for Bearer bob");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void acceptLanguageInAnotherCaseOrOrderIsTheSameVariant(ClientKind kind) {
		this.origin.otherwise((request) -> fresh("in " + request.header("Accept-Language"), "max-age=60")
			.header("Vary", "Accept-Language"));
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(this.fixture.url("/page"), Map.of("Accept-Language", "en, fr"));
			Result upper = client.get(this.fixture.url("/page"), Map.of("Accept-Language", "EN,FR"));
			Result reordered = client.get(this.fixture.url("/page"), Map.of("Accept-Language", "fr, en"));
			Result german = client.get(this.fixture.url("/page"), Map.of("Accept-Language", "de"));
			assertThat(upper.body()).isEqualTo("in en, fr");
			assertThat(upper.cacheStatus()).startsWith("http-cache; hit");
			assertThat(reordered.cacheStatus()).startsWith("http-cache; hit");
			assertThat(german.body()).isEqualTo("in de");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

}
