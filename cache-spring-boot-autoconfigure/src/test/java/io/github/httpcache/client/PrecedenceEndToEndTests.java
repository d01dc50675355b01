package io.github.httpcache.client;

import java.time.Duration;
import java.util.Map;

import io.github.httpcache.HttpCacheRequest;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.HttpCacheFixture;
import io.github.httpcache.test.MutableClock;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The order of precedence for a response's expiration, one level against the next, through each
 * client: response headers (with {@code cache-control=true}) &gt; request headers &gt; per-request &gt;
 * first matching {@code urls-expire-after} &gt; {@code expire-after}. Each test stores under two
 * levels, moves the clock past the shorter one and sees whether the origin is called again.
 */
class PrecedenceEndToEndTests {

	@RegisterExtension
	final HttpCacheFixture fixture = HttpCacheFixture.answering((request) -> Reply.ok("C"));

	private final MutableClock clock = this.fixture.clock();

	private final TestOrigin origin = this.fixture.origin();

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void responseHeadersWinOverRequestHeadersWithCacheControl(ClientKind kind) {
		this.fixture.contexts("http.cache.cache-control=true").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("Cache-Control", "max-age=60")).enqueue(Reply.ok("B"));
			String url = this.origin.url("/a");
			client.get(url, Map.of("Cache-Control", "max-age=600"));
			this.clock.advance(Duration.ofSeconds(120));
			assertThat(client.get(url).body()).as("response max-age=60 beat request max-age=600").isEqualTo("B");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void requestHeadersWinOverPerRequestExpiration(ClientKind kind) {
		assumeTrue(kind.supportsAttributes());
		this.fixture.contexts().run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A")).enqueue(Reply.ok("B"));
			String url = this.origin.url("/a");
			client.exchange("GET", url, Map.of("Cache-Control", "max-age=60"), null,
					HttpCacheRequest.expireAfter(Duration.ofSeconds(600)));
			this.clock.advance(Duration.ofSeconds(120));
			assertThat(client.get(url).body()).as("request max-age=60 beat expireAfter(600s)").isEqualTo("B");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void requestHeadersWinOverUrlRulesAndExpireAfter(ClientKind kind) {
		this.fixture.contexts("http.cache.expire-after=1h", "http.cache.urls-expire-after[127.0.0.1/**]=1h").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A")).enqueue(Reply.ok("B"));
			String url = this.origin.url("/a");
			client.get(url, Map.of("Cache-Control", "max-age=60"));
			this.clock.advance(Duration.ofSeconds(120));
			assertThat(client.get(url).body()).isEqualTo("B");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void perRequestExpirationWinsOverUrlRules(ClientKind kind) {
		assumeTrue(kind.supportsAttributes());
		this.fixture.contexts("http.cache.urls-expire-after[127.0.0.1/**]=1h").run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A")).enqueue(Reply.ok("B"));
			String url = this.origin.url("/a");
			client.get(url, HttpCacheRequest.expireAfter(Duration.ofSeconds(60)));
			this.clock.advance(Duration.ofSeconds(120));
			assertThat(client.get(url).body()).isEqualTo("B");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void firstMatchingUrlRuleWinsOverLaterRulesAndExpireAfter(ClientKind kind) {
		// No port in the globs: a property written as "key=value" cannot hold a ':' in its key.
		this.fixture.contexts("http.cache.expire-after=never", "http.cache.urls-expire-after[127.0.0.1/short/**]=60s",
				"http.cache.urls-expire-after[127.0.0.1/**]=1h")
			.run((context) -> {
				Client client = kind.create(context);
				this.origin.enqueue(Reply.ok("A")).enqueue(Reply.ok("B"));
				client.get(this.origin.url("/short/a"));
				client.get(this.origin.url("/long"));
				this.clock.advance(Duration.ofSeconds(120));
				assertThat(client.get(this.origin.url("/short/a")).body()).as("first rule: 60s").isEqualTo("C");
				assertThat(client.get(this.origin.url("/long")).body()).as("second rule: 1h").isEqualTo("B");
				this.clock.advance(Duration.ofHours(1));
				assertThat(client.get(this.origin.url("/long")).cacheStatus()).isEqualTo("http-cache; fwd=stale; stored");
			});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void expireAfterAppliesWhenNothingElseDoes(ClientKind kind) {
		this.fixture.contexts("http.cache.expire-after=60s", "http.cache.urls-expire-after[other.example.com]=never")
			.run((context) -> {
				Client client = kind.create(context);
				this.origin.enqueue(Reply.ok("A")).enqueue(Reply.ok("B"));
				String url = this.origin.url("/a");
				client.get(url);
				this.clock.advance(Duration.ofSeconds(30));
				assertThat(client.get(url).body()).isEqualTo("A");
				this.clock.advance(Duration.ofSeconds(31));
				assertThat(client.get(url).body()).isEqualTo("B");
			});
	}

}
