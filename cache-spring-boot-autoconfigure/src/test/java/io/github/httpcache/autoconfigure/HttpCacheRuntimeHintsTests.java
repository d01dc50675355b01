package io.github.httpcache.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeHint;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hints a native image needs for what the starter reaches reflectively.
 */
class HttpCacheRuntimeHintsTests {

	private final RuntimeHints hints = registered();

	@Test
	void bindsThePropertiesByReflection() {
		assertThat(RuntimeHintsPredicates.reflection().onType(HttpCacheProperties.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(HttpCacheProperties.class, "setExpireAfter"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(HttpCacheProperties.Redis.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(HttpCacheProperties.UrlRule.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(HttpCacheProperties.UrlRule.class, "setPattern"))
			.accepts(this.hints);
	}

	@Test
	void writesTheEndpointsJsonByReflection() {
		for (Class<?> type : List.of(HttpCacheEndpoint.CacheDescriptor.class, HttpCacheEndpoint.SettingsDescriptor.class,
				HttpCacheEndpoint.CountersDescriptor.class, HttpCacheEndpoint.EntriesDescriptor.class,
				HttpCacheEndpoint.EntryDescriptor.class)) {
			assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getSimpleName()).accepts(this.hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(HttpCacheEndpoint.CacheDescriptor.class, "settings"))
			.accepts(this.hints);
	}

	@Test
	void instantiatesItsSpringFactories() {
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(HttpCacheFailureAnalyzer.class)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(RedisHealthDefaultsEnvironmentPostProcessor.class)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(this.hints);
	}

	@Test
	void findsVirtualThreadsReflectively() {
		// Looked up by name: the build runs on Java 17, where Thread.Builder does not exist.
		TypeHint thread = this.hints.reflection().getTypeHint(Thread.class);
		assertThat(thread).isNotNull();
		assertThat(thread.methods()).anySatisfy((method) -> assertThat(method.getName()).isEqualTo("ofVirtual"));
		TypeHint builder = this.hints.reflection().getTypeHint(TypeReference.of("java.lang.Thread$Builder"));
		assertThat(builder).isNotNull();
		assertThat(builder.methods()).extracting((method) -> method.getName()).contains("name", "factory");
	}

	@Test
	void isRegisteredInAotFactories() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(HttpCacheRuntimeHints.class);
	}

	private static RuntimeHints registered() {
		RuntimeHints hints = new RuntimeHints();
		new HttpCacheRuntimeHints().registerHints(hints, HttpCacheRuntimeHintsTests.class.getClassLoader());
		return hints;
	}

}
