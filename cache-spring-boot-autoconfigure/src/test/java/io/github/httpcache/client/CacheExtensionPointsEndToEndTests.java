package io.github.httpcache.client;

import java.util.Map;

import io.github.httpcache.core.CacheKeyCustomizer;
import io.github.httpcache.core.ResponseCachePredicate;
import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.HttpCacheFixture;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ResponseCachePredicate} and {@link CacheKeyCustomizer} beans, through each client. */
class CacheExtensionPointsEndToEndTests {

	@RegisterExtension
	final HttpCacheFixture fixture = HttpCacheFixture.answering((request) -> Reply.ok("for " + request.header("X-Tenant") + " " + request.uri().getPath()) .header("X-Partial", request.uri().getPath().startsWith("/partial") ? "true" : "false"));

	private final TestOrigin origin = this.fixture.origin();

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aResponseCachePredicateBeanDecidesWhatIsStored(ClientKind kind) {
		ResponseCachePredicate notPartial = (request, response) -> !"true".equals(response.headers().first("X-Partial"));
		CacheContexts.withRedis().withBean(ResponseCachePredicate.class, () -> notPartial).run((context) -> {
			Client client = kind.create(context);
			client.get(this.origin.url("/partial"));
			assertThat(client.get(this.origin.url("/partial")).cacheStatus()).isEqualTo("http-cache; fwd=uri-miss");
			client.get(this.origin.url("/whole"));
			assertThat(client.get(this.origin.url("/whole")).cacheStatus()).startsWith("http-cache; hit");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aCacheKeyCustomizerBeanSplitsEntriesByTenant(ClientKind kind) {
		CacheKeyCustomizer perTenant = (request, parts) -> {
			parts.put("tenant", String.valueOf(request.headers().first("X-Tenant")));
			return parts;
		};
		CacheContexts.withRedis().withBean(CacheKeyCustomizer.class, () -> perTenant).run((context) -> {
			Client client = kind.create(context);
			client.get(this.origin.url("/things"), Map.of("X-Tenant", "a"));
			assertThat(client.get(this.origin.url("/things"), Map.of("X-Tenant", "b")).body()).isEqualTo("for b /things");
			assertThat(client.get(this.origin.url("/things"), Map.of("X-Tenant", "a")).body()).isEqualTo("for a /things");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

}
