package io.github.httpcache.internal.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Expiration;
import io.github.httpcache.core.Headers;
import io.github.httpcache.core.RequestOptions;
import io.github.httpcache.core.ResponseData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * requests-cache's session switches ({@code always_revalidate}, {@code only_if_cached},
 * {@code read_only}), {@code status-expire-after} and the forms of {@code allowable-codes}, as pure
 * decisions of {@link CachePolicy}.
 */
class RequestsCacheSettingsTests {

	private static final String URL = "https://api.example.com/things";

	private final Instant now = StoredResponses.NOW;

	private final Instant tenSecondsLater = this.now.plusSeconds(10);

	// always-revalidate

	@Test
	void alwaysRevalidateSendsAConditionalRequestForAFreshEntryWithAValidator() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withSessionSwitches(true, false, false));
		CacheEntry entry = store(policy, get(), 200, Headers.of("ETag", "\"v1\""));
		CacheDecision decision = policy.decide(get(), List.of(entry), this.tenSecondsLater);
		assertThat(decision.action()).isEqualTo(CacheAction.REVALIDATE);
		assertThat(decision.requestHeaders().first("If-None-Match")).isEqualTo("\"v1\"");
		assertThat(decision.reason()).contains("always-revalidate");
	}

	@Test
	void alwaysRevalidateServesAFreshEntryWithoutAValidator() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withSessionSwitches(true, false, false));
		CacheEntry entry = store(policy, get(), 200, Headers.empty());
		assertThat(policy.decide(get(), List.of(entry), this.tenSecondsLater).action()).isEqualTo(CacheAction.SERVE);
	}

	@Test
	void alwaysRevalidateIsNotOvertakenByMaxStaleButYieldsToOnlyIfCached() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withSessionSwitches(true, false, false));
		CacheEntry entry = store(policy, get(), 200, Headers.of("ETag", "\"v1\""));
		CacheRequest maxStale = get().withHeaders(Headers.of("Cache-Control", "max-stale"));
		assertThat(policy.decide(maxStale, List.of(entry), this.tenSecondsLater).action()).isEqualTo(CacheAction.REVALIDATE);
		CacheRequest onlyIfCached = get().withOptions(RequestOptions.NONE.withOnlyIfCached());
		assertThat(policy.decide(onlyIfCached, List.of(entry), this.tenSecondsLater).action()).isEqualTo(CacheAction.SERVE);
	}

	// only-if-cached

	@Test
	void sessionOnlyIfCachedAnswersAMissWithAGatewayTimeout() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withSessionSwitches(false, true, false));
		assertThat(policy.decide(get(), List.of(), this.now).action()).isEqualTo(CacheAction.GATEWAY_TIMEOUT);
	}

	@Test
	void sessionOnlyIfCachedServesFreshAndAnswersStaleWithAGatewayTimeout() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults()
			.withExpireAfter(Expiration.after(Duration.ofSeconds(30)))
			.withSessionSwitches(false, true, false));
		CacheEntry entry = store(policy, get(), 200, Headers.of("ETag", "\"v1\""));
		assertThat(policy.decide(get(), List.of(entry), this.tenSecondsLater).action()).isEqualTo(CacheAction.SERVE);
		assertThat(policy.decide(get(), List.of(entry), this.now.plusSeconds(31)).action())
			.isEqualTo(CacheAction.GATEWAY_TIMEOUT);
	}

	// read-only

	@Test
	void readOnlyReadsButNeverWrites() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withSessionSwitches(false, false, true));
		CachePlan plan = policy.plan(get());
		assertThat(plan.read()).isTrue();
		assertThat(plan.write()).isFalse();
		assertThat(policy.plan(get().withOptions(RequestOptions.NONE.withForceRefresh())).write()).isFalse();
	}

	@Test
	void readOnlyInvalidatesNothing() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withSessionSwitches(false, false, true));
		assertThat(policy.invalidationTargets(get().withMethod("DELETE"), 204, Headers.empty())).isEmpty();
		CachePolicy writing = new CachePolicy(CacheSettings.defaults());
		assertThat(writing.invalidationTargets(get().withMethod("DELETE"), 204, Headers.empty())).hasSize(1);
	}

	// status-expire-after

	@Test
	void statusRuleRanksAfterThePerRequestExpirationAndBeforeUrlRules() {
		UrlMatcher everything = (uri) -> true;
		CacheSettings settings = CacheSettings.defaults()
			.withMatching(Set.of(200, 404), Set.of("GET", "HEAD"), Set.of(), List.of())
			.withUrlsExpireAfter(List.of(new UrlExpiration("**", everything, Expiration.after(Duration.ofMinutes(10)))))
			.withStatusExpireAfter(List.of(new StatusExpiration("404", Expiration.after(Duration.ofSeconds(30)))));
		CachePolicy policy = new CachePolicy(settings);
		assertThat(store(policy, get(), 404, Headers.empty()).expires()).isEqualTo(this.now.plusSeconds(30));
		assertThat(store(policy, get(), 200, Headers.empty()).expires()).isEqualTo(this.now.plusSeconds(600));
		CacheRequest perRequest = get().withOptions(RequestOptions.NONE.withExpireAfter(Expiration.after(Duration.ofSeconds(5))));
		assertThat(store(policy, perRequest, 404, Headers.empty()).expires()).isEqualTo(this.now.plusSeconds(5));
	}

	@Test
	void aStatusCodeRuleWinsOverItsClassWhateverTheOrder() {
		CacheSettings settings = CacheSettings.defaults()
			.withAllowableStatuses(StatusCodes.parse(List.of("2xx", "4xx")))
			.withStatusExpireAfter(List.of(new StatusExpiration("4xx", Expiration.after(Duration.ofSeconds(5))),
					new StatusExpiration("404", Expiration.after(Duration.ofSeconds(30))),
					new StatusExpiration("5xx", Expiration.DO_NOT_CACHE)));
		CachePolicy policy = new CachePolicy(settings);
		assertThat(store(policy, get(), 404, Headers.empty()).expires()).isEqualTo(this.now.plusSeconds(30));
		assertThat(store(policy, get(), 410, Headers.empty()).expires()).isEqualTo(this.now.plusSeconds(5));
		assertThat(store(policy, get(), 204, Headers.empty()).expires()).isNull();
	}

	@Test
	void statusRuleCanStoreWhatAUrlRuleWouldNotCacheButNotWhatTheRequestRefuses() {
		CacheSettings settings = CacheSettings.defaults()
			.withExpireAfter(Expiration.DO_NOT_CACHE)
			.withStatusExpireAfter(List.of(new StatusExpiration("200", Expiration.after(Duration.ofSeconds(30)))));
		CachePolicy policy = new CachePolicy(settings);
		assertThat(policy.plan(get()).bypass()).isFalse();
		assertThat(store(policy, get(), 200, Headers.empty()).expires()).isEqualTo(this.now.plusSeconds(30));
		CacheRequest doNotCache = get().withOptions(RequestOptions.NONE.withExpireAfter(Expiration.DO_NOT_CACHE));
		assertThat(policy.plan(doNotCache).bypass()).isTrue();
	}

	// allowable-codes forms

	@Test
	void classesAndCodesAreParsedAndMalformedFormsNameTheAcceptedOnes() {
		StatusCodes codes = StatusCodes.parse(List.of("200", " 4XX ", "any"));
		assertThat(codes.lists(200)).isTrue();
		assertThat(codes.lists(418)).isTrue();
		assertThat(codes.lists(500)).isFalse();
		assertThat(codes.any()).isTrue();
		assertThat(codes.forms()).containsExactly("200", "4xx", "any");
		for (String bad : new String[] { "600", "2x", "ok", "", "99" }) {
			assertThatIllegalArgumentException().as(bad)
				.isThrownBy(() -> StatusCodes.parse(List.of(bad)))
				.withMessageContaining(StatusCodes.ACCEPTED_FORMS);
		}
	}

	@Test
	void aClassMakesEveryStatusInItAllowable() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults().withAllowableStatuses(StatusCodes.parse(List.of("2xx"))));
		assertThat(whyNot(policy, 203, Headers.empty())).isNull();
		assertThat(whyNot(policy, 404, Headers.empty())).contains("not allowable");
	}

	@Test
	void anyLetsRfc9111Decide() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults()
			.withCacheControl(true)
			.withAllowableStatuses(StatusCodes.parse(List.of("any"))));
		// Cacheable by default (RFC 9110 §15.1): the configured expiration applies.
		assertThat(whyNot(policy, 404, Headers.empty())).isNull();
		assertThat(whyNot(policy, 410, Headers.empty())).isNull();
		// Explicit freshness makes any final status storable (RFC 9111 §3).
		for (int status : new int[] { 302, 307, 500 }) {
			assertThat(whyNot(policy, status, Headers.of("Cache-Control", "max-age=60"))).as("%d", status).isNull();
		}
		assertThat(whyNot(policy, 302, Headers.of("Expires", StoredResponses.date(this.now.plusSeconds(60))))).isNull();
		assertThat(whyNot(policy, 503, Headers.empty())).contains("not cacheable by default");
		assertThat(whyNot(policy, 302, Headers.empty())).contains("not cacheable by default");
		assertThat(whyNot(policy, 206, Headers.of("Cache-Control", "max-age=60"))).contains("partial");
		assertThat(whyNot(policy, 103, Headers.of("Cache-Control", "max-age=60"))).contains("not final");
	}

	private String whyNot(CachePolicy policy, int status, Headers headers) {
		return policy.whyNotStorable(get(), status, headers.with("Date", StoredResponses.date(this.now)), this.now,
				this.now);
	}

	private static CacheRequest get() {
		return CacheRequest.get(URL);
	}

	private CacheEntry store(CachePolicy policy, CacheRequest request, int status, Headers headers) {
		CachePolicy.Storing storing = policy.toStore(request, policy.keys().keyFor(request),
				new ResponseData(status, headers, "body".getBytes(StandardCharsets.UTF_8)), this.now, this.now);
		if (storing.entry() == null) {
			throw new AssertionError("not stored: " + storing.reason());
		}
		return storing.entry();
	}

}
