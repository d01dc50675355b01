package io.github.httpcache.internal.core;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9111 §4.4: which URLs a response to an unsafe method invalidates. */
class InvalidationTests {

	private static final String TARGET = "http://example.com/items";

	@ParameterizedTest
	@ValueSource(strings = { "POST", "PUT", "DELETE", "PATCH", "PURGE" })
	void successfulUnsafeOrUnknownMethodInvalidatesItsTarget(String method) {
		assertThat(Invalidation.targets(request(method), 204, Headers.empty())).containsExactly(URI.create(TARGET));
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "HEAD", "OPTIONS", "TRACE" })
	void safeMethodsInvalidateNothing(String method) {
		assertThat(Invalidation.targets(request(method), 200, Headers.empty())).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "POST", "QUERY", "REPORT" })
	void methodsListedAsAllowableAreQueriesAndInvalidateNothing(String method) {
		java.util.Set<String> allowable = java.util.Set.of("GET", "HEAD", "POST", "QUERY", "REPORT");
		assertThat(Invalidation.targets(request(method), 200, Headers.of("Location", "/items/1"), allowable)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "PUT", "DELETE", "PATCH" })
	void unsafeMethodsNotListedStillInvalidateWhenOthersAreListed(String method) {
		java.util.Set<String> allowable = java.util.Set.of("GET", "HEAD", "POST");
		assertThat(Invalidation.targets(request(method), 204, Headers.empty(), allowable))
			.containsExactly(URI.create(TARGET));
	}

	@ParameterizedTest
	@ValueSource(ints = { 100, 400, 404, 500, 503 })
	void errorResponsesInvalidateNothing(int status) {
		assertThat(Invalidation.targets(request("POST"), status, Headers.empty())).isEmpty();
	}

	@Test
	void redirectionInvalidates() {
		assertThat(Invalidation.targets(request("POST"), 303, Headers.empty())).containsExactly(URI.create(TARGET));
	}

	@Test
	void sameOriginLocationAndContentLocationAreInvalidatedToo() {
		Headers headers = Headers.of("Location", "/items/1", "Content-Location", "http://EXAMPLE.com:80/items/1?view=full");
		assertThat(Invalidation.targets(request("POST"), 201, headers)).containsExactly(URI.create(TARGET),
				URI.create("http://example.com/items/1"), URI.create("http://EXAMPLE.com:80/items/1?view=full"));
	}

	@Test
	void crossOriginLocationsAreNeverInvalidated() {
		for (String location : new String[] { "http://other.example/items/1", "https://example.com/items/1",
				"http://example.com:8080/items/1" }) {
			assertThat(Invalidation.targets(request("POST"), 201, Headers.of("Location", location)))
				.as(location)
				.containsExactly(URI.create(TARGET));
		}
	}

	@Test
	void hostsThatUriCannotParseAreDistinctOrigins() {
		// An underscore (Docker Compose service names) leaves URI.getHost() null: the raw authority decides.
		CacheRequest post = CacheRequest.get("http://user_service:8080/items").withMethod("POST");
		assertThat(Invalidation.targets(post, 201, Headers.of("Location", "http://billing_service:8080/items/1")))
			.containsExactly(URI.create("http://user_service:8080/items"));
		assertThat(Invalidation.targets(post, 201, Headers.of("Location", "http://user_service:9090/items/1")))
			.containsExactly(URI.create("http://user_service:8080/items"));
		assertThat(Invalidation.targets(post, 201, Headers.of("Location", "/items/1"))).containsExactly(
				URI.create("http://user_service:8080/items"), URI.create("http://user_service:8080/items/1"));
		assertThat(Invalidation.targets(post, 201, Headers.of("Location", "http://USER_SERVICE:8080/items/2")))
			.hasSize(2);
	}

	@Test
	void malformedLocationIsIgnored() {
		assertThat(Invalidation.targets(request("PUT"), 200, Headers.of("Location", "http://[bad"))).containsExactly(
				URI.create(TARGET));
	}

	private static CacheRequest request(String method) {
		return CacheRequest.get(TARGET).withMethod(method);
	}

}
