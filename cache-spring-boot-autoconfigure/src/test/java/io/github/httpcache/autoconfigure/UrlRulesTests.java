package io.github.httpcache.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.github.httpcache.core.Expiration;
import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.MutableClock;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code http.cache.url-rules}, the list form of {@code urls-expire-after} that YAML cannot mangle,
 * tried before the map; and the start-up warning for a map key that lost its separators.
 */
@ExtendWith(OutputCaptureExtension.class)
class UrlRulesTests {

	private final MutableClock clock = new MutableClock();

	private TestOrigin origin;

	@BeforeEach
	void startOrigin() {
		this.origin = TestOrigin.start().otherwise((request) -> Reply.ok("C"));
	}

	@AfterEach
	void stopOrigin() {
		this.origin.close();
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void listRulesKeepTheirPortAndAreTriedBeforeTheMap(ClientKind kind) {
		// The port in the pattern: a list value keeps its ':' where a map key would lose it.
		String shortRule = "127.0.0.1:" + this.origin.port() + "/short/**";
		CacheContexts.withRedis()
			.withBean(HttpCacheAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> this.clock)
			.withPropertyValues("http.cache.url-rules[0].pattern=" + shortRule, "http.cache.url-rules[0].expire-after=60s",
					"http.cache.urls-expire-after[127.0.0.1/**]=1h")
			.run((context) -> {
				Client client = kind.create(context);
				this.origin.enqueue(Reply.ok("A")).enqueue(Reply.ok("B"));
				client.get(this.origin.url("/short/a"));
				client.get(this.origin.url("/long"));
				this.clock.advance(Duration.ofSeconds(120));
				assertThat(client.get(this.origin.url("/short/a")).body()).as("list rule first: 60s").isEqualTo("C");
				assertThat(client.get(this.origin.url("/long")).body()).as("then the map: 1h").isEqualTo("B");
			});
	}

	@Test
	void aRuleWithABadPatternFailsStartUpNamingIt() {
		CacheContexts.withoutStore()
			.withPropertyValues("http.cache.store=memory", "http.cache.url-rules[0].pattern=ftp://example.com",
					"http.cache.url-rules[0].expire-after=1m")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("http.cache.url-rules[0].pattern"));
	}

	@Test
	void aRuleWithoutExpirationFailsStartUpNamingIt() {
		CacheContexts.withoutStore()
			.withPropertyValues("http.cache.store=memory", "http.cache.url-rules[0].pattern=example.com")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("http.cache.url-rules[0]")
				.hasMessageContaining("expire-after"));
	}

	@Test
	void anUnbracketedYamlKeyIsMangledAndWarnedAbout(CapturedOutput output) throws IOException {
		yaml("""
				http:
				  cache:
				    store: memory
				    urls-expire-after:
				      127.0.0.1:18091/maxage/**: do-not-cache
				      "[127.0.0.1:18091/kept/**]": 1m
				      api.example.com: 10m
				""").run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(HttpCacheProperties.class).getUrlsExpireAfter())
						.containsOnlyKeys("127.0.0.118091maxage", "127.0.0.1:18091/kept/**", "api.example.com");
				});
		assertThat(output).contains("http.cache.urls-expire-after key '127.0.0.1:18091/maxage/**' was bound as "
				+ "'127.0.0.118091maxage'")
			.contains("\"[127.0.0.1:18091/maxage/**]\"")
			.contains("http.cache.url-rules")
			.doesNotContain("key 'api.example.com'")
			.doesNotContain("key '[127.0.0.1:18091/kept/**]'");
	}

	@Test
	void aYamlListOfRulesBindsUnchanged() throws IOException {
		yaml("""
				http:
				  cache:
				    store: memory
				    url-rules:
				      - pattern: 127.0.0.1:18091/maxage/**
				        expire-after: do-not-cache
				      - pattern: "*.example.com/v1/**"
				        expire-after: 10m
				""").run((context) -> {
					List<HttpCacheProperties.UrlRule> rules = context.getBean(HttpCacheProperties.class).getUrlRules();
					assertThat(rules).extracting(HttpCacheProperties.UrlRule::getPattern)
						.containsExactly("127.0.0.1:18091/maxage/**", "*.example.com/v1/**");
					assertThat(rules).extracting(HttpCacheProperties.UrlRule::getExpireAfter)
						.containsExactly(Expiration.DO_NOT_CACHE, Expiration.after(Duration.ofMinutes(10)));
				});
	}

	private static ApplicationContextRunner yaml(String yaml) throws IOException {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("application.yml",
				new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
		return CacheContexts.withoutStore()
			.withInitializer((context) -> sources.forEach(context.getEnvironment().getPropertySources()::addFirst));
	}

}
