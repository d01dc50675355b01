package io.github.httpcache.internal.core;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Expiration;
import io.github.httpcache.core.Headers;
import io.github.httpcache.core.RequestOptions;
import io.github.httpcache.core.ResponseData;
import io.github.httpcache.test.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of the seed page and the per-request options, each decided by {@link CachePolicy} as a pure
 * function of the request, what is stored and a {@link Clock}.
 */
class CachePolicyTests {

	private static final String URL = "https://api.example.com/users/1";

	private final MutableClock clock = new MutableClock();

	private final Instant now = this.clock.instant();

	// Seed, request headers

	@Test
	void requestMaxAgeIsTheExpirationOfWhatItStores() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults());
		CacheEntry entry = store(policy, get().withHeaders(Headers.of("Cache-Control", "max-age=60")), ok());
		assertThat(entry.expires()).isEqualTo(this.now.plusSeconds(60));
		assertThat(decideAt(policy, get(), entry, Duration.ofSeconds(59)).action()).isEqualTo(CacheAction.SERVE);
		assertThat(decideAt(policy, get(), entry, Duration.ofSeconds(61)).action()).isEqualTo(CacheAction.FETCH);
	}

	@Test
	void requestMaxAgeLimitsTheAgeOfWhatItReuses() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults());
		CacheEntry entry = store(policy, get(), ok());
		assertThat(entry.expires()).as("stored to never expire").isNull();
		CacheRequest maxAge60 = get().withHeaders(Headers.of("Cache-Control", "max-age=60"));
		assertThat(decideAt(policy, maxAge60, entry, Duration.ofSeconds(30)).action()).isEqualTo(CacheAction.SERVE);
		CacheDecision tooOld = decideAt(policy, maxAge60, entry, Duration.ofSeconds(61));
		assertThat(tooOld.action()).isEqualTo(CacheAction.FETCH);
		assertThat(tooOld.reason()).contains("older than request max-age");
	}

	@Test
	void requestNoCacheSkipsTheReadAndStoresTheAnswer() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults());
		CachePlan plan = policy.plan(get().withHeaders(Headers.of("cache-control", "No-Cache")));
		assertThat(plan.read()).isFalse();
		assertThat(plan.write()).isTrue();
		assertThat(plan.fwd()).isEqualTo("request");
	}

	@Test
	void requestNoStoreNeitherReadsNorWrites() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults());
		CacheRequest noStore = get().withHeaders(Headers.of("Cache-Control", "no-store"));
		assertThat(policy.plan(noStore).bypass()).isTrue();
		assertThat(policy.toStore(noStore, policy.keys().keyFor(noStore), ok(), this.now, this.now).write()).isFalse();
	}

	@Test
	void expiredEntryWithAnETagIsRevalidatedWithIfNoneMatch() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withExpireAfter(Expiration.after(Duration.ofMillis(1))));
		CacheEntry entry = store(policy, get(), ok("ETag", "\"v1\""));
		CacheDecision decision = decideAt(policy, get(), entry, Duration.ofSeconds(1));
		assertThat(decision.action()).isEqualTo(CacheAction.REVALIDATE);
		assertThat(decision.requestHeaders().first("If-None-Match")).isEqualTo("\"v1\"");
		assertThat(decision.requestHeaders().contains("If-Modified-Since")).isFalse();
	}

	@Test
	void expiredEntryWithLastModifiedIsRevalidatedWithIfModifiedSince() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withExpireAfter(Expiration.after(Duration.ofSeconds(10))));
		String lastModified = "Sun, 06 Nov 1994 08:49:37 GMT";
		CacheEntry entry = store(policy, get(), ok("Last-Modified", lastModified));
		CacheDecision decision = decideAt(policy, get(), entry, Duration.ofSeconds(11));
		assertThat(decision.action()).isEqualTo(CacheAction.REVALIDATE);
		assertThat(decision.requestHeaders().first("If-Modified-Since")).isEqualTo(lastModified);
		assertThat(decision.requestHeaders().contains("If-None-Match")).isFalse();
	}

	@Test
	void freshEntryIsServedWithoutContactingTheOrigin() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withExpireAfter(Expiration.after(Duration.ofSeconds(10))));
		CacheEntry entry = store(policy, get(), ok("ETag", "\"v1\""));
		CacheDecision decision = decideAt(policy, get(), entry, Duration.ofSeconds(9));
		assertThat(decision.action()).isEqualTo(CacheAction.SERVE);
		assertThat(decision.entry()).isSameAs(entry);
	}

	@Test
	void expiredEntryWithoutAValidatorIsFetchedAgain() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withExpireAfter(Expiration.after(Duration.ofSeconds(10))));
		CacheEntry entry = store(policy, get(), ok());
		CacheDecision decision = decideAt(policy, get(), entry, Duration.ofSeconds(11));
		assertThat(decision.action()).isEqualTo(CacheAction.FETCH);
		assertThat(decision.requestHeaders().contains("If-None-Match")).isFalse();
		assertThat(decision.fwd()).isEqualTo("stale");
	}

	// Seed, response headers (cache-control=true)

	@Test
	void responseMaxAgeIsTheExpirationWhenCacheControlIsOn() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withCacheControl(true));
		CacheEntry entry = store(policy, get(), ok("Cache-Control", "max-age=60"));
		assertThat(entry.expires()).isEqualTo(this.now.plusSeconds(60));
	}

	@Test
	void responseMaxAgeIsIgnoredWhenCacheControlIsOff() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults());
		CacheEntry entry = store(policy, get(), ok("Cache-Control", "max-age=60"));
		assertThat(entry.expires()).as("expire-after=never").isNull();
	}

	@Test
	void responseNoStoreIsNotStoredWhenCacheControlIsOn() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withCacheControl(true));
		assertNotStored(policy, get(), ok("Cache-Control", "no-store"));
	}

	@Test
	void responseNoStoreIsNotStoredEvenWithAnETagAndCacheControlOff() {
		// requests-cache stores it in that case; we honour no-store always.
		CachePolicy policy = new CachePolicy(CacheSettings.defaults());
		assertNotStored(policy, get(), ok("Cache-Control", "no-store", "ETag", "\"v1\""));
	}

	@Test
	void responseImmutableNeverExpiresWhenCacheControlIsOn() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withCacheControl(true)
			.withExpireAfter(Expiration.after(Duration.ofSeconds(1))));
		CacheEntry entry = store(policy, get(), ok("Cache-Control", "max-age=10, immutable"));
		assertThat(entry.expires()).isNull();
		assertThat(decideAt(policy, get(), entry, Duration.ofDays(365)).action()).isEqualTo(CacheAction.SERVE);
	}

	@Test
	void responseExpiresIsAnAbsoluteExpirationMeasuredFromDate() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withCacheControl(true));
		CacheEntry entry = store(policy, get(), ok("Date", HttpDates.format(this.now), "Expires",
				HttpDates.format(this.now.plusSeconds(120))));
		assertThat(entry.expires()).isEqualTo(this.now.plusSeconds(120));
	}

	@Test
	void responseMaxAgeWinsOverExpires() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withCacheControl(true));
		CacheEntry entry = store(policy, get(), ok("Cache-Control", "max-age=30", "Date", HttpDates.format(this.now),
				"Expires", HttpDates.format(this.now.plusSeconds(120))));
		assertThat(entry.expires()).isEqualTo(this.now.plusSeconds(30));
	}

	@Test
	void invalidExpiresMeansAlreadyExpired() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withCacheControl(true));
		CacheEntry withValidator = store(policy, get(), ok("Expires", "0", "ETag", "\"v1\""));
		assertThat(withValidator.isFresh(this.now)).isFalse();
		assertThat(decideAt(policy, get(), withValidator, Duration.ZERO).action()).isEqualTo(CacheAction.REVALIDATE);
		// Stale on arrival with nothing to revalidate with: storing it would only cost a write.
		assertNotStored(policy, get(), ok("Expires", "-1"));
	}

	@Test
	void responseMaxAgeWithoutAValueMeansStaleWhenCacheControlIsOn() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withCacheControl(true));
		CacheEntry entry = store(policy, get(), ok("Cache-Control", "max-age", "ETag", "\"v1\""));
		assertThat(decideAt(policy, get(), entry, Duration.ZERO).action()).isEqualTo(CacheAction.REVALIDATE);
		assertNotStored(policy, get(), ok("Cache-Control", "max-age"));
	}

	@Test
	void responseHeadersAreIgnoredForExpiryWhenCacheControlIsOff() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withExpireAfter(Expiration.after(Duration.ofMinutes(5))));
		CacheEntry entry = store(policy, get(), ok("Expires", "0", "Cache-Control", "immutable"));
		assertThat(entry.expires()).isEqualTo(this.now.plus(Duration.ofMinutes(5)));
	}

	// 304 Not Modified

	@Test
	void notModifiedReturnsTheStoredStatusAndBodyAndMergesHeaders() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withExpireAfter(Expiration.after(Duration.ofSeconds(10))));
		CacheEntry entry = store(policy, get(), ok("ETag", "\"v1\"", "X-Version", "1"));
		this.clock.advance(Duration.ofSeconds(20));
		Instant later = this.clock.instant();
		CachePolicy.Storing storing = policy.freshen(get(), entry,
				Headers.of("ETag", "\"v1\"", "X-Version", "2", "Content-Length", "0"), later, later);
		assertThat(storing.write()).isTrue();
		CacheEntry updated = storing.entry();
		assertThat(updated.status()).isEqualTo(200);
		assertThat(new String(updated.body(), StandardCharsets.UTF_8)).isEqualTo("A");
		assertThat(updated.headers().first("X-Version")).isEqualTo("2");
		assertThat(updated.headers().first("Content-Type")).isEqualTo("text/plain");
		assertThat(updated.headers().contains("Content-Length")).as("a 304's framing does not describe the stored body")
			.isFalse();
		assertThat(updated.created()).isEqualTo(entry.created());
	}

	@Test
	void notModifiedRenewsTheExpirationFromTheRulesInForce() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withExpireAfter(Expiration.after(Duration.ofSeconds(10))));
		CacheEntry entry = store(policy, get(), ok("ETag", "\"v1\""));
		this.clock.advance(Duration.ofSeconds(20));
		Instant later = this.clock.instant();
		CacheEntry updated = policy.freshen(get(), entry, Headers.of("ETag", "\"v1\""), later, later).entry();
		assertThat(updated.expires()).isEqualTo(later.plusSeconds(10));
		assertThat(decideAt(policy, get(), updated, Duration.ofSeconds(5)).action()).isEqualTo(CacheAction.SERVE);
	}

	@Test
	void notModifiedWithResponseMaxAgeRenewsFromTheResponseWhenCacheControlIsOn() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withCacheControl(true));
		CacheEntry entry = store(policy, get(), ok("ETag", "\"v1\"", "Cache-Control", "max-age=10"));
		this.clock.advance(Duration.ofSeconds(20));
		Instant later = this.clock.instant();
		CacheEntry updated = policy.freshen(get(), entry, Headers.of("Cache-Control", "max-age=100"), later, later)
			.entry();
		assertThat(updated.expires()).isEqualTo(later.plusSeconds(100));
	}

	@Test
	void notModifiedWithoutFreshnessKeepsTheStoredMaxAgeWhenCacheControlIsOn() {
		// RFC 9111 §4.3.4: the stored headers, updated by the 304's, decide; requests-cache drops the stored max-age.
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withCacheControl(true)
			.withExpireAfter(Expiration.after(Duration.ofSeconds(5))));
		CacheEntry entry = store(policy, get(), ok("ETag", "\"v1\"", "Cache-Control", "max-age=60"));
		this.clock.advance(Duration.ofSeconds(61));
		Instant later = this.clock.instant();
		CacheEntry updated = policy.freshen(get(), entry, Headers.of("ETag", "\"v1\""), later, later).entry();
		assertThat(updated.expires()).isEqualTo(later.plusSeconds(60));
	}

	// Expiration values

	@Test
	void expirationZeroStoresOnlyWithAValidatorAndRevalidatesOnEveryUse() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withExpireAfter(Expiration.IMMEDIATELY));
		assertNotStored(policy, get(), ok());
		CacheEntry entry = store(policy, get(), ok("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT"));
		assertThat(decideAt(policy, get(), entry, Duration.ZERO).action()).isEqualTo(CacheAction.REVALIDATE);
	}

	@Test
	void doNotCacheNeitherReadsNorWrites() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withExpireAfter(Expiration.DO_NOT_CACHE));
		assertThat(policy.plan(get()).bypass()).isTrue();
		assertNotStored(policy, get(), ok("ETag", "\"v1\""));
	}

	@Test
	void neverStoresWithoutExpiry() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults());
		CacheEntry entry = store(policy, get(), ok());
		assertThat(entry.expires()).isNull();
		assertThat(decideAt(policy, get(), entry, Duration.ofDays(3650)).action()).isEqualTo(CacheAction.SERVE);
	}

	// Filters

	@Test
	void onlyAllowableCodesAreStored() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults());
		assertNotStored(policy, get(), new ResponseData(404, Headers.empty(), new byte[0]));
		CachePolicy with404 = new CachePolicy(CacheSettings.defaults().withMatching(Set.of(200, 404),
				Set.of("GET", "HEAD"), Set.of(), List.of()));
		store(with404, get(), new ResponseData(404, Headers.empty(), new byte[0]));
	}

	@Test
	void onlyAllowableMethodsReadOrWrite() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults());
		CacheRequest post = get().withMethod("POST");
		assertThat(policy.plan(post).bypass()).isTrue();
		CachePolicy withPost = new CachePolicy(CacheSettings.defaults().withMatching(Set.of(200),
				Set.of("GET", "HEAD", "post"), Set.of(), List.of()));
		assertThat(withPost.plan(post).read()).isTrue();
		store(withPost, post, ok());
	}

	@Test
	void responseSettingACookieIsNotStoredUnlessPublic() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults());
		assertNotStored(policy, get(), ok("Set-Cookie", "session=secret"));
		CacheEntry entry = store(policy, get(), ok("Set-Cookie", "session=secret", "Cache-Control", "public"));
		assertThat(entry.headers().contains("Set-Cookie")).as("the cookie itself is never stored").isFalse();
	}

	@Test
	void ignoredResponseHeadersAreNeverStored() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withMatching(Set.of(200), Set.of("GET", "HEAD"),
				Set.of("X-Secret"), List.of()));
		CacheEntry entry = store(policy, get(), ok("x-secret", "s3cr3t", "X-Kept", "yes"));
		assertThat(entry.headers().contains("X-Secret")).isFalse();
		assertThat(entry.headers().first("X-Kept")).isEqualTo("yes");
	}

	@Test
	void ignoredRequestHeadersNamedByVaryAreStoredOnlyAsHashes() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withMatching(Set.of(200), Set.of("GET", "HEAD"),
				Set.of("X-Session"), List.of()));
		CacheRequest request = get().withHeaders(Headers.of("X-Session", "session-secret"));
		CacheEntry entry = store(policy, request, ok("Vary", "x-session"));
		assertThat(entry.varyValues().toString()).doesNotContain("session-secret");
		assertThat(decideAt(policy, request, entry, Duration.ZERO).action()).isEqualTo(CacheAction.SERVE);
		assertThat(decideAt(policy, get().withHeaders(Headers.of("X-Session", "other")), entry, Duration.ZERO).action())
			.as("a different value is still a different variant")
			.isEqualTo(CacheAction.FETCH);
	}

	@Test
	void credentialsInTheRequestAreNeverStored() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults());
		CacheRequest request = new CacheRequest("GET", URI.create(URL + "?access_token=tok-1&x=1"),
				Headers.of("Authorization", "Bearer tok-2", "Cookie", "sid=tok-3"), new byte[0], RequestOptions.NONE);
		CacheEntry entry = store(policy, request, ok("Vary", "Authorization, Cookie"));
		String everything = entry.toString() + entry.url() + entry.headers() + entry.varyValues() + entry.requestKey();
		assertThat(everything).doesNotContain("tok-1", "tok-2", "tok-3");
		assertThat(entry.url()).isEqualTo(URL + "?x=1");
		assertThat(decideAt(policy, request, entry, Duration.ZERO).action()).as("the hashed Vary values still match")
			.isEqualTo(CacheAction.SERVE);
	}

	// Per-request options and only-if-cached

	@Test
	void onlyIfCachedWithNothingStoredAnswersGatewayTimeout() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults());
		assertThat(policy.decide(get().withOptions(RequestOptions.NONE.withOnlyIfCached()), List.of(), this.now).action())
			.isEqualTo(CacheAction.GATEWAY_TIMEOUT);
		assertThat(policy.decide(get().withHeaders(Headers.of("Cache-Control", "only-if-cached")), List.of(), this.now)
			.action()).isEqualTo(CacheAction.GATEWAY_TIMEOUT);
		assertThat(policy.gatewayTimeout("http-cache").status()).isEqualTo(504);
	}

	@Test
	void onlyIfCachedWithAStaleEntryAnswersGatewayTimeout() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withExpireAfter(Expiration.after(Duration.ofSeconds(10))));
		CacheEntry entry = store(policy, get(), ok("ETag", "\"v1\""));
		CacheRequest request = get().withOptions(RequestOptions.NONE.withOnlyIfCached());
		assertThat(decideAt(policy, request, entry, Duration.ofSeconds(5)).action()).isEqualTo(CacheAction.SERVE);
		assertThat(decideAt(policy, request, entry, Duration.ofSeconds(11)).action())
			.isEqualTo(CacheAction.GATEWAY_TIMEOUT);
	}

	@Test
	void onlyIfCachedWinsOverRefresh() {
		// As in requests-cache: a fresh entry answers, and the origin is not contacted.
		CachePolicy policy = new CachePolicy(CacheSettings.defaults());
		CacheEntry entry = store(policy, get(), ok("ETag", "\"v1\""));
		CacheRequest request = get().withOptions(RequestOptions.NONE.withOnlyIfCached().withRefresh());
		assertThat(decideAt(policy, request, entry, Duration.ZERO).action()).isEqualTo(CacheAction.SERVE);
	}

	@Test
	void refreshRevalidatesAFreshEntry() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults());
		CacheEntry entry = store(policy, get(), ok("ETag", "\"v1\""));
		CacheDecision decision = decideAt(policy, get().withOptions(RequestOptions.NONE.withRefresh()), entry,
				Duration.ZERO);
		assertThat(decision.action()).isEqualTo(CacheAction.REVALIDATE);
		assertThat(decision.requestHeaders().first("If-None-Match")).isEqualTo("\"v1\"");
	}

	@Test
	void refreshWithoutAValidatorFetchesAgain() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults());
		CacheEntry entry = store(policy, get(), ok());
		assertThat(decideAt(policy, get().withOptions(RequestOptions.NONE.withRefresh()), entry, Duration.ZERO).action())
			.isEqualTo(CacheAction.FETCH);
	}

	@Test
	void forceRefreshSkipsTheReadAndStoresTheAnswer() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults());
		CachePlan plan = policy.plan(get().withOptions(RequestOptions.NONE.withForceRefresh()));
		assertThat(plan.read()).isFalse();
		assertThat(plan.write()).isTrue();
	}

	@Test
	void bypassNeitherReadsNorWrites() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults());
		CachePlan plan = policy.plan(get().withOptions(RequestOptions.NONE.withBypass()));
		assertThat(plan.bypass()).isTrue();
		assertThat(plan.fwd()).isEqualTo("bypass");
	}

	@Test
	void perRequestExpirationIsTheExpirationOfWhatItStores() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults());
		CacheEntry entry = store(policy,
				get().withOptions(RequestOptions.NONE.withExpireAfter(Expiration.after(Duration.ofSeconds(30)))), ok());
		assertThat(entry.expires()).isEqualTo(this.now.plusSeconds(30));
		CacheRequest doNotCache = get().withOptions(RequestOptions.NONE.withExpireAfter(Expiration.DO_NOT_CACHE));
		assertThat(policy.plan(doNotCache).bypass()).isTrue();
	}

	@Test
	void servedEntryCarriesItsAgeAndTheStoredStatus() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults());
		CacheEntry entry = store(policy, get(), ok());
		ResponseData served = policy.serve(entry, this.now.plusSeconds(42), "http-cache; hit", false);
		assertThat(served.status()).isEqualTo(200);
		assertThat(served.headers().first("Age")).isEqualTo("42");
		assertThat(served.headers().first("Cache-Status")).isEqualTo("http-cache; hit");
	}

	// Helpers

	private CacheRequest get() {
		return CacheRequest.get(URL);
	}

	private static ResponseData ok(String... headers) {
		Headers.Builder builder = Headers.of("Content-Type", "text/plain").toBuilder();
		for (int i = 0; i < headers.length; i += 2) {
			builder.add(headers[i], headers[i + 1]);
		}
		return new ResponseData(200, builder.build(), "A".getBytes(StandardCharsets.UTF_8));
	}

	private CacheEntry store(CachePolicy policy, CacheRequest request, ResponseData response) {
		Instant at = this.clock.instant();
		assertThat(policy.whyNotStorable(request, response.status(), response.headers(), at, at)).isNull();
		CachePolicy.Storing storing = policy.toStore(request, policy.keys().keyFor(request), response, at, at);
		assertThat(storing.write()).as(storing.reason()).isTrue();
		return storing.entry();
	}

	private void assertNotStored(CachePolicy policy, CacheRequest request, ResponseData response) {
		Instant at = this.clock.instant();
		assertThat(policy.whyNotStorable(request, response.status(), response.headers(), at, at)).isNotNull();
		CachePolicy.Storing storing = policy.toStore(request, policy.keys().keyFor(request), response, at, at);
		assertThat(storing.write()).isFalse();
	}

	private CacheDecision decideAt(CachePolicy policy, CacheRequest request, CacheEntry entry, Duration after) {
		return policy.decide(request, List.of(entry), Clock.offset(Clock.fixed(entry.responseTime(), ZoneOffset.UTC), after)
			.instant());
	}

}
