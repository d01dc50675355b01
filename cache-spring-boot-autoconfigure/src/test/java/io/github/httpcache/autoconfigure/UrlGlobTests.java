package io.github.httpcache.autoconfigure;

import java.net.URI;

import io.github.httpcache.test.CacheContexts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@code urls-expire-after} globs: {@code [scheme://]host[:port][/path]}, host and path matched apart
 * with Spring's {@code AntPathMatcher}.
 */
class UrlGlobTests {

	@Test
	void schemeIsOptional() {
		UrlGlob glob = UrlGlob.parse("api.example.com/users");
		assertThat(glob.matches(URI.create("http://api.example.com/users"))).isTrue();
		assertThat(glob.matches(URI.create("https://api.example.com/users"))).isTrue();
		UrlGlob https = UrlGlob.parse("HTTPS://api.example.com/users");
		assertThat(https.matches(URI.create("https://api.example.com/users"))).isTrue();
		assertThat(https.matches(URI.create("http://api.example.com/users"))).isFalse();
	}

	@Test
	void singleStarStaysWithinAPathSegment() {
		UrlGlob glob = UrlGlob.parse("api.example.com/users/*");
		assertThat(glob.matches(URI.create("https://api.example.com/users/42"))).isTrue();
		assertThat(glob.matches(URI.create("https://api.example.com/users/42/orders"))).isFalse();
		assertThat(glob.matches(URI.create("https://api.example.com/users"))).isFalse();
	}

	@Test
	void doubleStarCrossesPathSegments() {
		UrlGlob glob = UrlGlob.parse("api.example.com/users/**");
		assertThat(glob.matches(URI.create("https://api.example.com/users/42/orders/7"))).isTrue();
		assertThat(glob.matches(URI.create("https://api.example.com/users"))).isTrue();
		assertThat(glob.matches(URI.create("https://api.example.com/usersx"))).isFalse();
	}

	@Test
	void singleStarStaysWithinAHostLabel() {
		UrlGlob glob = UrlGlob.parse("*.example.com");
		assertThat(glob.matches(URI.create("https://api.example.com/a"))).isTrue();
		assertThat(glob.matches(URI.create("https://a.b.example.com/a"))).isFalse();
		assertThat(glob.matches(URI.create("https://example.com/a"))).isFalse();
		assertThat(UrlGlob.parse("**.example.com").matches(URI.create("https://a.b.example.com/a"))).isTrue();
	}

	@Test
	void hostIsMatchedWholeNeverAsAPrefix() {
		UrlGlob glob = UrlGlob.parse("site.com");
		assertThat(glob.matches(URI.create("https://site.com/any/path?q=1"))).isTrue();
		assertThat(glob.matches(URI.create("https://SITE.com/"))).isTrue();
		assertThat(glob.matches(URI.create("https://site.com.evil.org/"))).isFalse();
		assertThat(glob.matches(URI.create("https://site.community/"))).isFalse();
		assertThat(glob.matches(URI.create("https://evil.org/site.com/"))).isFalse();
	}

	@Test
	void portIsMatchedWhenGivenWithDefaultPortsUnderstood() {
		UrlGlob glob = UrlGlob.parse("127.0.0.1:8080/v1/**");
		assertThat(glob.matches(URI.create("http://127.0.0.1:8080/v1/a"))).isTrue();
		assertThat(glob.matches(URI.create("http://127.0.0.1:9090/v1/a"))).isFalse();
		assertThat(UrlGlob.parse("127.0.0.1/v1/**").matches(URI.create("http://127.0.0.1:9090/v1/a"))).isTrue();
		assertThat(UrlGlob.parse("example.com:443").matches(URI.create("https://example.com/a"))).isTrue();
		assertThat(UrlGlob.parse("example.com:443").matches(URI.create("http://example.com/a"))).isFalse();
	}

	@Test
	void hostsThatUriCannotParseAreMatchedByTheirRawAuthority() {
		UrlGlob glob = UrlGlob.parse("user_service:8080/me/**");
		assertThat(glob.matches(URI.create("http://user_service:8080/me/1"))).isTrue();
		assertThat(glob.matches(URI.create("http://USER_SERVICE:8080/me/1"))).isTrue();
		assertThat(glob.matches(URI.create("http://billing_service:8080/me/1"))).isFalse();
		assertThat(glob.matches(URI.create("http://user_service:9090/me/1"))).isFalse();
		assertThat(UrlGlob.parse("*_service").matches(URI.create("http://billing_service/x"))).isTrue();
		assertThat(UrlGlob.parse("user_service").matches(URI.create("https://user_service/x"))).isTrue();
	}

	@Test
	void queryDoesNotTakePartInMatching() {
		assertThat(UrlGlob.parse("example.com/a").matches(URI.create("https://example.com/a?x=1"))).isTrue();
	}

	@Test
	void invalidGlobsAreRejectedSayingWhy() {
		for (String pattern : new String[] { "", "  ", "ftp://example.com", "example.com:http/a", "example.com:0",
				"example.com:70000", "/only/a/path", "example.com/***", "exa mple.com", "example.com/[a]", "{a}.com" }) {
			assertThatIllegalArgumentException().as("'%s'", pattern).isThrownBy(() -> UrlGlob.parse(pattern));
		}
	}

	@Test
	void invalidGlobFailsStartUpNamingTheProperty() {
		CacheContexts.withoutStore()
			.withPropertyValues("http.cache.store=memory", "http.cache.urls-expire-after[ftp://example.com]=1m")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("http.cache.urls-expire-after"));
	}

}
