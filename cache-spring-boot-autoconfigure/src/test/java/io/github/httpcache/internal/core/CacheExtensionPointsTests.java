package io.github.httpcache.internal.core;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheKey;
import io.github.httpcache.core.CacheKeyCustomizer;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;
import io.github.httpcache.core.ResponseCachePredicate;
import io.github.httpcache.core.ResponseData;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code filter_fn} and {@code key_fn} extension points: {@link ResponseCachePredicate} and {@link CacheKeyCustomizer}. */
class CacheExtensionPointsTests {

	private static final String URL = "https://api.example.com/things";

	@Test
	void aPredicateSeesTheRequestAndTheCompleteResponseAndCanRefuse() {
		ResponseCachePredicate notPartial = (request, response) -> !new String(response.body(), StandardCharsets.UTF_8)
			.contains("partial") && request.headers().first("X-No-Store") == null;
		CachePolicy policy = new CachePolicy(CacheSettings.defaults(), List.of(notPartial), List.of());
		assertThat(store(policy, CacheRequest.get(URL), "complete").write()).isTrue();
		CachePolicy.Storing refused = store(policy, CacheRequest.get(URL), "partial results");
		assertThat(refused.write()).isFalse();
		assertThat(refused.reason()).contains("ResponseCachePredicate");
		assertThat(store(policy, CacheRequest.get(URL).withHeaders(Headers.of("X-No-Store", "1")), "complete").write())
			.isFalse();
	}

	@Test
	void aPredicateCannotStoreWhatTheRulesRefuseAndAFailingOneStoresNothing() {
		CachePolicy always = new CachePolicy(CacheSettings.defaults(), List.of((request, response) -> true), List.of());
		CacheRequest noStore = CacheRequest.get(URL).withHeaders(Headers.of("Cache-Control", "no-store"));
		assertThat(store(always, noStore, "x").write()).isFalse();
		CachePolicy failing = new CachePolicy(CacheSettings.defaults(), List.of((request, response) -> {
			throw new IllegalStateException("boom");
		}), List.of());
		assertThat(store(failing, CacheRequest.get(URL), "x").write()).isFalse();
	}

	@Test
	void aCustomizerAddsAPartThatSplitsEntriesAndKeepsTheUrlKey() {
		CacheKeyCustomizer perTenant = (request, parts) -> {
			parts.put("tenant", String.valueOf(request.headers().first("X-Tenant")));
			return parts;
		};
		CachePolicy policy = new CachePolicy(CacheSettings.defaults(), List.of(), List.of(perTenant));
		CacheKey a = policy.plan(CacheRequest.get(URL).withHeaders(Headers.of("X-Tenant", "a"))).key();
		CacheKey b = policy.plan(CacheRequest.get(URL).withHeaders(Headers.of("X-Tenant", "b"))).key();
		CacheKey plain = new CachePolicy(CacheSettings.defaults()).plan(CacheRequest.get(URL)).key();
		assertThat(a.requestKey()).isNotEqualTo(b.requestKey());
		assertThat(a.urlKey()).isEqualTo(b.urlKey()).isEqualTo(plain.urlKey());
		assertThat(a.url()).isEqualTo("https://api.example.com/things");
	}

	@Test
	void aCustomizerCanReplaceAPartSoThatRequestsShareAnEntry() {
		// Key on the path alone: any query string shares the entry (a key_fn that drops the query).
		CacheKeyCustomizer pathOnly = (request, parts) -> {
			Map<String, String> replaced = new LinkedHashMap<>(parts);
			replaced.put(CacheKeyCustomizer.URL, "https://api.example.com" + request.uri().getPath());
			replaced.put(CacheKeyCustomizer.REQUEST, request.method());
			return replaced;
		};
		CachePolicy policy = new CachePolicy(CacheSettings.defaults(), List.of(), List.of(pathOnly));
		CacheKey first = policy.plan(CacheRequest.get(URL + "?utm=1")).key();
		CacheKey second = policy.plan(CacheRequest.get(URL + "?utm=2")).key();
		assertThat(first).isEqualTo(second);
	}

	@Test
	void aFailingCustomizerBypassesTheCache() {
		CachePolicy policy = new CachePolicy(CacheSettings.defaults(), List.of(), List.of((request, parts) -> {
			throw new IllegalStateException("boom");
		}));
		CachePlan plan = policy.plan(CacheRequest.get(URL));
		assertThat(plan.bypass()).isTrue();
		assertThat(plan.reason()).contains("CacheKeyCustomizer");
	}

	private static CachePolicy.Storing store(CachePolicy policy, CacheRequest request, String body) {
		return policy.toStore(request, policy.keys().keyFor(request),
				new ResponseData(200, Headers.empty(), body.getBytes(StandardCharsets.UTF_8)), StoredResponses.NOW,
				StoredResponses.NOW);
	}

}
