package io.github.httpcache.internal.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;
import io.github.httpcache.core.RequestOptions;

import static org.assertj.core.api.Assertions.assertThat;

/** The decision after the response, as a function: what was forwarded and what came back in, a verdict out. */
class AfterResponseTests {

	private static final Instant STORED = Instant.parse("2026-11-25T12:00:00Z");

	private static final Instant LATER = STORED.plusSeconds(70);

	private final CacheRequest request = CacheRequest.get("http://example.com/a");

	private CacheEntry entry(String etag, String... headers) {
		Headers.Builder builder = Headers.of(headers).toBuilder();
		builder.set("ETag", etag);
		builder.set("Date", HttpDates.format(STORED));
		return new CacheEntry("r", "http://example.com/a", "GET", 200, builder.build(), new byte[] { 1 },
				Headers.empty(), STORED, STORED, STORED.plusSeconds(60), STORED);
	}

	private static AfterResponse after(CacheSettings settings) {
		return new AfterResponse(new CachePolicy(settings));
	}

	private AfterResponse.Forwarded revalidating(CacheEntry entry, List<CacheEntry> stored, boolean background) {
		CacheDecision decision = new CacheDecision(CacheAction.REVALIDATE, entry,
				ConditionalRequests.conditionalHeaders(this.request.headers(), entry), "stale", "entry is stale");
		return new AfterResponse.Forwarded(this.request, decision, stored, true, background, false);
	}

	private AfterResponse.Forwarded fetching() {
		CacheDecision decision = new CacheDecision(CacheAction.FETCH, null, this.request.headers(), "miss", "nothing stored");
		return new AfterResponse.Forwarded(this.request, decision, List.of(), true, false, false);
	}

	private ResponseVerdict verdict(AfterResponse after, AfterResponse.Forwarded forwarded, Integer status,
			Headers headers) {
		return after.verdict(forwarded, status, headers, LATER, LATER, LATER);
	}

	@Test
	void notModifiedServesTheStoredResponseFreshenedAndFreshensTheOtherSelectedVariants() {
		CacheEntry a = entry("\"x\"", "Vary", "Accept", "Cache-Control", "max-age=60");
		CacheEntry b = entry("\"x\"", "Vary", "Accept", "Cache-Control", "max-age=60").withVaryValues(Headers.of("Accept", "b"));
		ResponseVerdict verdict = verdict(after(CacheSettings.defaults()), revalidating(a, List.of(a, b), false), 304,
				Headers.of("ETag", "\"x\"", "Date", HttpDates.format(LATER)));
		assertThat(verdict).isInstanceOf(ResponseVerdict.ServeStored.class);
		ResponseVerdict.ServeStored stored = (ResponseVerdict.ServeStored) verdict;
		assertThat(stored.answer().responseTime()).isEqualTo(LATER);
		assertThat(stored.writeAnswer()).isTrue();
		assertThat(stored.others()).hasSize(1);
		assertThat(stored.others().get(0).responseTime()).isEqualTo(LATER);
	}

	@Test
	void backgroundRefreshFreshensTheOtherSelectedVariantsToo() {
		CacheEntry a = entry("\"x\"");
		CacheEntry b = entry("\"x\"").withVaryValues(Headers.of("Accept", "b"));
		ResponseVerdict verdict = verdict(after(CacheSettings.defaults()), revalidating(a, List.of(a, b), true), 304,
				Headers.of("ETag", "\"x\""));
		assertThat(((ResponseVerdict.ServeStored) verdict).others()).hasSize(1);
	}

	@Test
	void notModifiedNamingNothingStoredIsRetriedWithoutValidators() {
		CacheEntry a = entry("\"x\"");
		ResponseVerdict verdict = verdict(after(CacheSettings.defaults()), revalidating(a, List.of(a), false), 304,
				Headers.of("ETag", "\"other\""));
		assertThat(verdict).isInstanceOf(ResponseVerdict.RetryUnconditionally.class);
		assertThat(((ResponseVerdict.RetryUnconditionally) verdict).requestHeaders().contains("If-None-Match")).isFalse();
	}

	@Test
	void notModifiedOlderThanTheStoredResponseIsRetried() {
		CacheEntry a = entry("\"x\"");
		ResponseVerdict verdict = verdict(after(CacheSettings.defaults()), revalidating(a, List.of(a), false), 304,
				Headers.of("ETag", "\"x\"", "Date", HttpDates.format(STORED.minusSeconds(600))));
		assertThat(verdict).isInstanceOf(ResponseVerdict.RetryUnconditionally.class);
	}

	@Test
	void serverErrorToARevalidationServesStaleWhenStaleIfErrorAllows() {
		CacheEntry a = entry("\"x\"");
		ResponseVerdict verdict = verdict(after(CacheSettings.defaults().withStale(Duration.ofMinutes(5), null)),
				revalidating(a, List.of(a), false), 503, Headers.empty());
		assertThat(verdict).isEqualTo(new ResponseVerdict.ServeStale(a, 503, "origin answered 503; stale-if-error"));
	}

	@Test
	void serverErrorToABackgroundRefreshStoresNothing() {
		CacheEntry a = entry("\"x\"");
		ResponseVerdict verdict = verdict(after(CacheSettings.defaults().withStale(Duration.ofMinutes(5), null)),
				revalidating(a, List.of(a), true), 503, Headers.of("Cache-Control", "max-age=60"));
		assertThat(verdict).isInstanceOf(ResponseVerdict.PassThrough.class);
	}

	@Test
	void unreachableOriginServesStaleWhenAllowedElseGatewayTimeoutForMustRevalidateElseFails() {
		CacheEntry plain = entry("\"x\"");
		CacheEntry mustRevalidate = entry("\"x\"", "Cache-Control", "max-age=60, must-revalidate");
		AfterResponse staleIfError = after(CacheSettings.defaults().withStale(Duration.ofMinutes(5), null));
		assertThat(verdict(staleIfError, revalidating(plain, List.of(plain), false), null, Headers.empty()))
			.isInstanceOf(ResponseVerdict.ServeStale.class);
		assertThat(verdict(staleIfError, revalidating(mustRevalidate, List.of(mustRevalidate), false), null,
				Headers.empty()))
			.isInstanceOf(ResponseVerdict.GatewayTimeout.class);
		assertThat(verdict(after(CacheSettings.defaults()), revalidating(plain, List.of(plain), false), null,
				Headers.empty()))
			.isInstanceOf(ResponseVerdict.Fail.class);
		assertThat(verdict(staleIfError, revalidating(plain, List.of(plain), true), null, Headers.empty()))
			.as("a background refresh answers nobody")
			.isInstanceOf(ResponseVerdict.Fail.class);
	}

	@Test
	void storableResponseIsReadUpToMaxEntrySize() {
		ResponseVerdict verdict = verdict(after(CacheSettings.defaults()), fetching(), 200,
				Headers.of("Cache-Control", "max-age=60"));
		assertThat(verdict).isInstanceOf(ResponseVerdict.Store.class);
		assertThat(((ResponseVerdict.Store) verdict).limit()).isEqualTo(CacheSettings.defaults().maxEntrySize());
	}

	@Test
	void unstorableResponsePassesThrough() {
		ResponseVerdict verdict = verdict(after(CacheSettings.defaults()), fetching(), 200,
				Headers.of("Cache-Control", "no-store"));
		assertThat(verdict).isInstanceOf(ResponseVerdict.PassThrough.class);
		assertThat(verdict.reason()).contains("not stored");
	}

	@Test
	void headResponseFreshensTheStoredGetResponseItMatches() {
		CacheRequest head = new CacheRequest("HEAD", java.net.URI.create("http://example.com/a"), Headers.empty(),
				new byte[0], RequestOptions.NONE);
		CacheEntry a = entry("\"x\"", "Cache-Control", "max-age=60");
		CacheDecision decision = new CacheDecision(CacheAction.FETCH, a, head.headers(), "stale", "stale");
		ResponseVerdict verdict = after(CacheSettings.defaults()).verdict(
				new AfterResponse.Forwarded(head, decision, List.of(a), true, false, false), 200,
				Headers.of("ETag", "\"x\"", "Cache-Control", "max-age=60"), LATER, LATER, LATER);
		List<CacheEntry> writes = (verdict instanceof ResponseVerdict.Store store) ? store.writes()
				: ((ResponseVerdict.PassThrough) verdict).writes();
		assertThat(writes).singleElement().satisfies((written) -> assertThat(written.responseTime()).isEqualTo(LATER));
	}

}
