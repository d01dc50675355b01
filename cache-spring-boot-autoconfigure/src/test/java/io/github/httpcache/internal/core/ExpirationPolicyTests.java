package io.github.httpcache.internal.core;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Expiration;
import io.github.httpcache.core.Headers;
import io.github.httpcache.core.RequestOptions;
import io.github.httpcache.test.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order of precedence for a response's expiration, level by level: response headers (when
 * {@code cache-control=true}) &gt; request headers &gt; per-request &gt; first matching
 * {@code urls-expire-after} &gt; {@code expire-after}.
 */
class ExpirationPolicyTests {

	private static final String URL = "https://api.example.com/users/1";

	private final Instant now = MutableClock.START;

	private final UrlExpiration usersRule = rule("users", "/users/", Expiration.after(Duration.ofSeconds(400)));

	private final UrlExpiration laterRule = rule("api", "/", Expiration.after(Duration.ofSeconds(500)));

	private final CacheSettings everyLevel = CacheSettings.defaults()
		.withExpireAfter(Expiration.after(Duration.ofSeconds(600)))
		.withUrlsExpireAfter(List.of(this.usersRule, this.laterRule))
		.withCacheControl(true);

	private final CacheRequest everyRequestLevel = CacheRequest.get(URL)
		.withHeaders(Headers.of("Cache-Control", "max-age=200"))
		.withOptions(RequestOptions.NONE.withExpireAfter(Expiration.after(Duration.ofSeconds(300))));

	@Test
	void responseHeadersWinOverEveryOtherLevelWhenCacheControlIsOn() {
		assertThat(expiresIn(this.everyLevel, this.everyRequestLevel, Headers.of("Cache-Control", "max-age=100")))
			.isEqualTo(Duration.ofSeconds(100));
	}

	@Test
	void responseNoStoreWinsOverEveryOtherLevelWhenCacheControlIsOn() {
		Expiry expiry = new ExpirationPolicy(this.everyLevel).expiry(this.everyRequestLevel,
				Headers.of("Cache-Control", "no-store"), this.now, this.now);
		assertThat(expiry.store()).isFalse();
	}

	@Test
	void responseHeadersAreSkippedWhenCacheControlIsOff() {
		assertThat(expiresIn(this.everyLevel.withCacheControl(false), this.everyRequestLevel,
				Headers.of("Cache-Control", "max-age=100"))).isEqualTo(Duration.ofSeconds(200));
	}

	@Test
	void requestHeadersComeNextWhenTheResponseSaysNothingAboutFreshness() {
		assertThat(expiresIn(this.everyLevel, this.everyRequestLevel, Headers.of("ETag", "\"v1\"")))
			.isEqualTo(Duration.ofSeconds(200));
	}

	@Test
	void perRequestExpirationComesAfterRequestHeaders() {
		CacheRequest request = this.everyRequestLevel.withHeaders(Headers.empty());
		assertThat(expiresIn(this.everyLevel, request, Headers.empty())).isEqualTo(Duration.ofSeconds(300));
	}

	@Test
	void firstMatchingUrlRuleComesAfterPerRequestExpiration() {
		assertThat(expiresIn(this.everyLevel, CacheRequest.get(URL), Headers.empty())).isEqualTo(Duration.ofSeconds(400));
		assertThat(expiresIn(this.everyLevel, CacheRequest.get("https://api.example.com/orders"), Headers.empty()))
			.as("the second rule, as the first does not match")
			.isEqualTo(Duration.ofSeconds(500));
	}

	@Test
	void expireAfterAppliesWhenNothingElseDoes() {
		assertThat(expiresIn(this.everyLevel, CacheRequest.get("https://other.example.com/"), Headers.empty()))
			.isEqualTo(Duration.ofSeconds(600));
	}

	@Test
	void defaultExpirationIsNever() {
		Expiry expiry = new ExpirationPolicy(CacheSettings.defaults()).expiry(CacheRequest.get(URL), Headers.empty(),
				this.now, this.now);
		assertThat(expiry.store()).isTrue();
		assertThat(expiry.expires()).isNull();
	}

	@Test
	void urlRuleOfDoNotCacheTurnsTheRulesIntoAnAllowList() {
		CacheSettings settings = CacheSettings.defaults()
			.withUrlsExpireAfter(List.of(rule("users", "/users/", Expiration.NEVER), rule("all", "/", Expiration.DO_NOT_CACHE)));
		ExpirationPolicy policy = new ExpirationPolicy(settings);
		assertThat(policy.forRequest(CacheRequest.get(URL))).isEqualTo(Expiration.NEVER);
		assertThat(policy.forRequest(CacheRequest.get("https://api.example.com/orders")).isDoNotCache()).isTrue();
	}

	@Test
	void requestMaxAgeZeroMeansRevalidateOnEveryUse() {
		ExpirationPolicy policy = new ExpirationPolicy(CacheSettings.defaults());
		CacheRequest request = CacheRequest.get(URL).withHeaders(Headers.of("Cache-Control", "max-age=0"));
		assertThat(policy.forRequest(request).isImmediate()).isTrue();
		assertThat(policy.expiry(request, Headers.empty(), this.now, this.now).store()).isFalse();
		assertThat(policy.expiry(request, Headers.of("ETag", "\"v\""), this.now, this.now).expires()).isEqualTo(this.now);
	}

	@Test
	void responseAgeShortensTheResponseFreshness() {
		assertThat(expiresIn(CacheSettings.defaults().withCacheControl(true), CacheRequest.get(URL),
				Headers.of("Cache-Control", "max-age=100", "Age", "40"))).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void sharedCacheUsesSMaxAge() {
		Headers headers = Headers.of("Cache-Control", "max-age=100, s-maxage=10");
		CacheSettings settings = CacheSettings.defaults().withCacheControl(true);
		assertThat(expiresIn(settings, CacheRequest.get(URL), headers)).isEqualTo(Duration.ofSeconds(100));
		assertThat(expiresIn(settings.withShared(true), CacheRequest.get(URL), headers)).isEqualTo(Duration.ofSeconds(10));
	}

	private Duration expiresIn(CacheSettings settings, CacheRequest request, Headers responseHeaders) {
		Expiry expiry = new ExpirationPolicy(settings).expiry(request, responseHeaders, this.now, this.now);
		assertThat(expiry.store()).as(expiry.reason()).isTrue();
		return Duration.between(this.now, expiry.expires());
	}

	private static UrlExpiration rule(String name, String pathPrefix, Expiration expiration) {
		return new UrlExpiration(name, (URI uri) -> uri.getHost().equals("api.example.com")
				&& uri.getPath().startsWith(pathPrefix), expiration);
	}

}
