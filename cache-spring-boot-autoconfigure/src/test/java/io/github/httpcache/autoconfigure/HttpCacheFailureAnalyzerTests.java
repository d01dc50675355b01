package io.github.httpcache.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.httpcache.test.CacheContexts;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * What a user reads when start-up fails on an {@code http.cache.*} value: the description names the
 * property, the value and where it was written; the action says what to write instead.
 */
@ExtendWith(OutputCaptureExtension.class)
class HttpCacheFailureAnalyzerTests {

	@Test
	void aBareNumberOfSecondsAsksWhetherSecondsWereMeant() {
		FailureAnalysis analysis = analyze(CacheContexts.withoutStore()
			.withPropertyValues("http.cache.store=memory", "http.cache.expire-after=3600"));
		assertThat(analysis.getDescription()).contains("'3600'")
			.contains("'http.cache.expire-after'")
			.contains("A number without a unit is ambiguous");
		assertThat(analysis.getAction()).contains("Did you mean '3600s'")
			.contains("do-not-cache");
	}

	@Test
	void aYamlNumberIsReadAndExplainedAsWritten() throws IOException {
		FailureAnalysis analysis = analyze(yaml("""
				http:
				  cache:
				    store: memory
				    stale-while-revalidate: 30
				"""));
		assertThat(analysis.getDescription()).contains("'30'").contains("'http.cache.stale-while-revalidate'");
		assertThat(analysis.getAction()).contains("Did you mean '30s'").contains("'true', 'false'");
	}

	@Test
	void aMapValueIsNamedWithItsKey() {
		FailureAnalysis analysis = analyze(CacheContexts.withoutStore()
			.withPropertyValues("http.cache.store=memory", "http.cache.status-expire-after.404=sometimes"));
		assertThat(analysis.getDescription()).contains("http.cache.status-expire-after.404").contains("'sometimes'");
		assertThat(analysis.getAction()).contains("Accepted forms");
	}

	@Test
	void anUnknownStoreListsTheStores() {
		FailureAnalysis analysis = analyze(CacheContexts.withoutStore().withPropertyValues("http.cache.store=mongo"));
		assertThat(analysis.getDescription()).contains("'mongo'").contains("'http.cache.store'");
		assertThat(analysis.getAction()).contains("'redis', 'memory'").contains("RedisConnectionFactory");
	}

	@Test
	void aKeyPrefixWithoutASeparatorSuggestsOne() {
		FailureAnalysis analysis = analyze(CacheContexts.withRedis("app"));
		assertThat(analysis.getDescription()).contains("'app'").contains("'http.cache.redis.key-prefix'")
			.contains("must end in one of");
		assertThat(analysis.getAction()).isEqualTo("Did you mean 'app:'?");
	}

	@Test
	void aShortKeySecretIsNeverEchoed() {
		FailureAnalysis analysis = analyze(CacheContexts.withoutStore()
			.withPropertyValues("http.cache.store=memory", "http.cache.key-secret=tiny-secret"));
		assertThat(analysis.getDescription()).contains("'http.cache.key-secret'")
			.contains("'(hidden)'")
			.doesNotContain("tiny-secret");
		assertThat(analysis.getAction()).contains("openssl rand -base64 32").doesNotContain("tiny-secret");
	}

	@Test
	void aBadGlobShowsTheForms() {
		FailureAnalysis analysis = analyze(CacheContexts.withoutStore()
			.withPropertyValues("http.cache.store=memory", "http.cache.url-rules[0].pattern=http://",
					"http.cache.url-rules[0].expire-after=1m"));
		assertThat(analysis.getDescription()).contains("'http.cache.url-rules[0].pattern'").contains("Not a URL glob");
		assertThat(analysis.getAction()).contains("[scheme://]host[:port][/path]");
	}

	@Test
	void aRedisStoreWithoutRedisSaysWhatToAdd() {
		FailureAnalysis analysis = analyze(CacheContexts.withoutStore()
			.withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader("org.springframework.data.redis"))
			.withPropertyValues("http.cache.store=redis"));
		assertThat(analysis.getDescription()).contains("'http.cache.store'").contains("no RedisConnectionFactory");
		assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis").contains("http.cache.store=memory");
	}

	@Test
	void staysSilentOnFailuresThatAreNotTheCaches() {
		assertThat(new HttpCacheFailureAnalyzer(null).analyze(new IllegalStateException("boom"))).isNull();
		CacheContexts.withoutStore()
			.withPropertyValues("http.cache.store=memory", "spring.data.redis.timeout=soon")
			.run((context) -> assertThat(new HttpCacheFailureAnalyzer(null).analyze(context.getStartupFailure())).isNull());
	}

	@Test
	void isRegisteredForSpringBootToFind() {
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, ArgumentResolver.of(Environment.class, new StandardEnvironment()),
					FailureHandler.handleMessage((message, failure) -> {
						// Boot's own analyzers want a BeanFactory this test does not give; only ours matters here.
					}));
		assertThat(analyzers).hasAtLeastOneElementOfType(HttpCacheFailureAnalyzer.class);
	}

	@Test
	void springBootPrintsTheAnalysisWithTheOriginOfTheValue(CapturedOutput output) throws IOException {
		Path config = Files.createTempFile("application", ".properties");
		Files.writeString(config, "http.cache.store=memory\nhttp.cache.expire-after=3600\n");
		try {
			SpringApplication application = new SpringApplication(MinimalApplication.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			assertThatException().isThrownBy(
					() -> application.run("--spring.config.location=file:" + config.toAbsolutePath()).close());
		}
		finally {
			Files.deleteIfExists(config);
		}
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value '3600' for configuration property 'http.cache.expire-after' (originating from '")
			.contains(config.getFileName() + "] - 2:")
			.contains("Did you mean '3600s'");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(HttpCacheAutoConfiguration.class)
	static class MinimalApplication {

	}

	private static FailureAnalysis analyze(ApplicationContextRunner runner) {
		FailureAnalysis[] analysis = new FailureAnalysis[1];
		runner.run((AssertableApplicationContext context) -> {
			assertThat(context).hasFailed();
			analysis[0] = new HttpCacheFailureAnalyzer(null).analyze(context.getStartupFailure());
		});
		assertThat(analysis[0]).as("failure analysis").isNotNull();
		return analysis[0];
	}

	private static ApplicationContextRunner yaml(String yaml) throws IOException {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("application.yml",
				new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
		return CacheContexts.withoutStore()
			.withInitializer((context) -> sources.forEach(context.getEnvironment().getPropertySources()::addFirst));
	}

}
