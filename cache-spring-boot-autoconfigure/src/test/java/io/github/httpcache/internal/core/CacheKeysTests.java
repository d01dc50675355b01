package io.github.httpcache.internal.core;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheKey;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys: method + normalised URL + body (allowable non-GET methods) + {@code match-headers} + a hash of
 * the credentials, as fixed-length digests.
 */
class CacheKeysTests {

	private final CacheKeys keys = new CacheKeys(CacheSettings.defaults());

	@Test
	void schemeAndHostAreLowerCasedAndThePathIsNot() {
		assertThat(this.keys.normalizeUrl(URI.create("HTTPS://API.Example.COM/Users"))).isEqualTo("https://api.example.com/Users");
		assertSameKey(get("HTTPS://API.Example.COM/a"), get("https://api.example.com/a"));
		assertDifferentKey(get("https://api.example.com/A"), get("https://api.example.com/a"));
	}

	@Test
	void defaultPortIsDropped() {
		assertThat(this.keys.normalizeUrl(URI.create("http://example.com:80/a"))).isEqualTo("http://example.com/a");
		assertThat(this.keys.normalizeUrl(URI.create("https://example.com:443/a"))).isEqualTo("https://example.com/a");
		assertThat(this.keys.normalizeUrl(URI.create("https://example.com:8443/a"))).isEqualTo("https://example.com:8443/a");
		assertThat(this.keys.normalizeUrl(URI.create("http://example.com:443/a"))).isEqualTo("http://example.com:443/a");
		assertThat(this.keys.normalizeUrl(URI.create("http://example.com"))).isEqualTo("http://example.com/");
	}

	@Test
	void hostsThatUriCannotParseKeyByTheirRawAuthority() {
		// URI.getHost() is null for an underscore (Docker Compose service names), and so is getPort().
		assertThat(this.keys.normalizeUrl(URI.create("http://User_Service:8080/me"))).isEqualTo("http://user_service:8080/me");
		assertThat(this.keys.normalizeUrl(URI.create("http://user_service:80/me"))).isEqualTo("http://user_service/me");
		assertThat(this.keys.normalizeUrl(URI.create("http://user_service/me"))).isEqualTo("http://user_service/me");
		assertDifferentKey(get("http://user_service:8080/me"), get("http://billing_service:8080/me"));
		assertDifferentKey(get("http://user_service:8080/me"), get("http://user_service:8081/me"));
		assertThat(this.keys.urlKey(URI.create("http://user_service:8080/me")))
			.isNotEqualTo(this.keys.urlKey(URI.create("http://billing_service:8080/me")));
		assertSameKey(get("http://USER_service:8080/me"), get("http://user_service:8080/me"));
	}

	@Test
	void userInformationIsNeverPartOfTheHostAndDistinguishesUsers() {
		assertThat(this.keys.normalizeUrl(URI.create("http://alice:pw@user_service:8080/me")))
			.isEqualTo("http://user_service:8080/me");
		assertThat(this.keys.normalizeUrl(URI.create("http://alice:pw@example.com/me"))).isEqualTo("http://example.com/me");
		assertDifferentKey(get("http://alice:pw@example.com/me"), get("http://bob:pw@example.com/me"));
		assertDifferentKey(get("http://alice:pw@user_service/me"), get("http://bob:pw@user_service/me"));
	}

	@Test
	void queryParametersAreSortedWithDuplicatesKept() {
		assertThat(this.keys.normalizeUrl(URI.create("http://example.com/a?b=2&a=1&c=3&a=0")))
			.isEqualTo("http://example.com/a?a=1&a=0&b=2&c=3");
		assertSameKey(get("http://example.com/a?b=2&a=1"), get("http://example.com/a?a=1&b=2"));
		assertDifferentKey(get("http://example.com/a?a=1&a=2"), get("http://example.com/a?a=2&a=1"));
		assertDifferentKey(get("http://example.com/a?a=1"), get("http://example.com/a?a=1&a=1"));
	}

	@Test
	void fragmentIsDropped() {
		assertSameKey(get("http://example.com/a#top"), get("http://example.com/a"));
	}

	@Test
	void methodIsPartOfTheKeyAndHeadSharesTheGetKey() {
		assertDifferentKey(get("http://example.com/a"), get("http://example.com/a").withMethod("POST"));
		assertSameKey(get("http://example.com/a"), get("http://example.com/a").withMethod("HEAD"));
	}

	@Test
	void jsonBodyKeysAreSortedAtEveryDepth() {
		CacheRequest first = post("{\"b\": 2, \"a\": {\"y\": [1, 2], \"x\": null}}", "application/json");
		CacheRequest second = post("{\"a\":{\"x\":null,\"y\":[1,2]},\"b\":2}", "application/json; charset=UTF-8");
		assertSameKey(first, second);
		assertDifferentKey(first, post("{\"a\":{\"x\":null,\"y\":[2,1]},\"b\":2}", "application/json"));
		assertDifferentKey(first, post("{\"a\":{\"x\":null,\"y\":[1,2]},\"b\":3}", "application/json"));
	}

	@Test
	void invalidJsonIsUsedAsItIs() {
		assertSameKey(post("{not json", "application/json"), post("{not json", "application/json"));
		assertDifferentKey(post("{not json", "application/json"), post("{not  json", "application/json"));
	}

	@Test
	void formBodyFieldsAreSorted() {
		assertSameKey(post("b=2&a=1", "application/x-www-form-urlencoded"),
				post("a=1&b=2", "application/x-www-form-urlencoded"));
		assertDifferentKey(post("a=1&b=2", "application/x-www-form-urlencoded"),
				post("a=1&b=3", "application/x-www-form-urlencoded"));
	}

	@Test
	void otherBodiesAreUsedAsTheyAre() {
		assertDifferentKey(post("b a", "text/plain"), post("a b", "text/plain"));
	}

	@Test
	void getBodiesAreNotPartOfTheKey() {
		assertSameKey(withBody(get("http://example.com/a"), "x", "text/plain"), get("http://example.com/a"));
	}

	@Test
	void matchHeadersArePartOfTheKey() {
		CacheKeys matching = new CacheKeys(CacheSettings.defaults().withMatching(Set.of(200), Set.of("GET"), Set.of(),
				List.of("Accept-Language")));
		CacheRequest english = get("http://example.com/a").withHeaders(Headers.of("accept-language", "en"));
		CacheRequest french = get("http://example.com/a").withHeaders(Headers.of("Accept-Language", "fr"));
		assertThat(matching.keyFor(english).requestKey()).isNotEqualTo(matching.keyFor(french).requestKey());
		assertThat(matching.keyFor(english).requestKey())
			.isEqualTo(matching.keyFor(get("http://example.com/a").withHeaders(Headers.of("ACCEPT-LANGUAGE", "en")))
				.requestKey());
		assertSameKey(english, french);
	}

	@Test
	void credentialHeadersEnterTheKeyOnlyAsAHash() {
		for (String name : new String[] { "Authorization", "proxy-authorization", "COOKIE", "X-Api-Key" }) {
			CacheRequest alice = get("http://example.com/a").withHeaders(Headers.of(name, "alice-secret"));
			CacheRequest bob = get("http://example.com/a").withHeaders(Headers.of(name, "bob-secret"));
			assertDifferentKey(alice, bob);
			assertDifferentKey(alice, get("http://example.com/a"));
			CacheKey key = this.keys.keyFor(alice);
			assertThat(key.toString()).doesNotContain("alice-secret");
			assertThat(this.keys.keyFor(alice.withHeaders(Headers.of(name.toUpperCase(), "alice-secret"))))
				.as("header names are case-insensitive")
				.isEqualTo(key);
		}
	}

	@Test
	void credentialParametersEnterTheKeyOnlyAsAHash() {
		for (String name : new String[] { "access_token", "api_key", "API_KEY" }) {
			CacheRequest alice = get("http://example.com/a?x=1&" + name + "=alice-secret");
			CacheRequest bob = get("http://example.com/a?x=1&" + name + "=bob-secret");
			assertDifferentKey(alice, bob);
			CacheKey key = this.keys.keyFor(alice);
			assertThat(key.url()).isEqualTo("http://example.com/a?x=1");
			assertThat(key.toString()).doesNotContain("alice-secret");
		}
	}

	@Test
	void credentialsAreNotMatchHeadersInClear() {
		CacheKeys matching = new CacheKeys(CacheSettings.defaults().withMatching(Set.of(200), Set.of("GET"), Set.of(),
				List.of("Authorization")));
		CacheRequest alice = get("http://example.com/a").withHeaders(Headers.of("Authorization", "alice-secret"));
		assertThat(matching.keyFor(alice).toString()).doesNotContain("alice-secret");
	}

	@Test
	void ignoredParametersAreLeftOutOfTheKey() {
		CacheKeys ignoring = new CacheKeys(CacheSettings.defaults().withMatching(Set.of(200), Set.of("GET", "POST"),
				Set.of("utm_source", "Nonce"), List.of()));
		assertThat(ignoring.keyFor(get("http://example.com/a?utm_source=x&b=1"))).isEqualTo(ignoring.keyFor(get("http://example.com/a?b=1")));
		assertThat(ignoring.keyFor(get("http://example.com/a?UTM_SOURCE=y&b=1")).url()).isEqualTo("http://example.com/a?b=1");
		assertThat(ignoring.keyFor(post("{\"q\":1,\"nonce\":\"n1\"}", "application/json")))
			.isEqualTo(ignoring.keyFor(post("{\"q\":1,\"nonce\":\"n2\"}", "application/json")));
		assertThat(ignoring.keyFor(post("q=1&nonce=n1", "application/x-www-form-urlencoded")))
			.isEqualTo(ignoring.keyFor(post("q=1", "application/x-www-form-urlencoded")));
	}

	@Test
	void keysAreFixedLengthDigests() {
		CacheKey shortKey = this.keys.keyFor(get("http://e.com/"));
		CacheKey longKey = this.keys.keyFor(get("http://example.com/" + "x".repeat(5000)));
		assertThat(shortKey.requestKey()).hasSize(32).matches("[0-9a-f]+");
		assertThat(longKey.requestKey()).hasSameSizeAs(shortKey.requestKey());
		assertThat(longKey.urlKey()).hasSameSizeAs(shortKey.urlKey());
	}

	private void assertSameKey(CacheRequest first, CacheRequest second) {
		assertThat(this.keys.keyFor(first).requestKey()).isEqualTo(this.keys.keyFor(second).requestKey());
	}

	private void assertDifferentKey(CacheRequest first, CacheRequest second) {
		assertThat(this.keys.keyFor(first).requestKey()).isNotEqualTo(this.keys.keyFor(second).requestKey());
	}

	private static CacheRequest get(String url) {
		return CacheRequest.get(url);
	}

	private static CacheRequest post(String body, String contentType) {
		return withBody(get("http://example.com/search").withMethod("POST"), body, contentType);
	}

	private static CacheRequest withBody(CacheRequest request, String body, String contentType) {
		return new CacheRequest(request.method(), request.uri(), Headers.of("Content-Type", contentType),
				body.getBytes(StandardCharsets.UTF_8), request.options());
	}

}
