package io.github.httpcache;

import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout the style guide describes: data flows one way, adapters → engine → core decisions and
 * store, and only {@code autoconfigure} knows Spring Boot; the public types outside
 * {@code io.github.httpcache.internal} are the API the README lists.
 */
class ArchitectureTests {

	private static final JavaClasses PRODUCTION = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.httpcache");

	@Test
	void coreDependsOnlyOnJavaAndJSpecify() {
		classes().that()
			.resideInAnyPackage("io.github.httpcache.core..", "io.github.httpcache.internal.core..")
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage("io.github.httpcache.core..", "io.github.httpcache.internal.core..", "java..",
					"org.jspecify..")
			.check(PRODUCTION);
	}

	@Test
	void coreAndStoreNeverUseSpringsHttpClients() {
		noClasses().that()
			.resideInAnyPackage("io.github.httpcache.core..", "io.github.httpcache.store..",
					"io.github.httpcache.internal.core..", "io.github.httpcache.internal.store..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.http.client..", "org.springframework.web..")
			.check(PRODUCTION);
	}

	@Test
	void nothingOutsideAutoconfigureDependsOnIt() {
		noClasses().that()
			.resideOutsideOfPackage("io.github.httpcache.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.httpcache.autoconfigure..")
			.check(PRODUCTION);
	}

	/**
	 * README's "Public API" section, type by type: a type made public outside an {@code internal}
	 * package is API by accident unless it is added here and there.
	 */
	@Test
	void publicTypesOutsideInternalPackagesAreTheDocumentedApi() {
		assertThat(PRODUCTION.stream()
			.filter(JavaClass::isTopLevelClass)
			.filter((type) -> type.getModifiers().contains(JavaModifier.PUBLIC))
			.map(JavaClass::getName)
			.filter((name) -> !name.startsWith("io.github.httpcache.internal."))
			.collect(Collectors.toSet())).containsExactlyInAnyOrder("io.github.httpcache.HttpCache",
					"io.github.httpcache.HttpCacheRequest", "io.github.httpcache.autoconfigure.HttpCacheAutoConfiguration",
					"io.github.httpcache.autoconfigure.HttpCacheMetricsAutoConfiguration",
					"io.github.httpcache.autoconfigure.HttpCacheEndpointAutoConfiguration",
					"io.github.httpcache.autoconfigure.HttpCacheHealthContributorAutoConfiguration",
					"io.github.httpcache.autoconfigure.HttpCacheProperties",
					"io.github.httpcache.autoconfigure.HttpCacheEndpoint",
					"io.github.httpcache.client.CachingClientHttpRequestInterceptor",
					"io.github.httpcache.client.CachingExchangeFilterFunction",
					"io.github.httpcache.client.HttpCacheListener", "io.github.httpcache.client.CollapseMode",
					"io.github.httpcache.client.HttpCacheEngine", "io.github.httpcache.core.CacheEntry",
					"io.github.httpcache.core.CacheKey", "io.github.httpcache.core.Headers",
					"io.github.httpcache.core.CacheRequest", "io.github.httpcache.core.CacheControl",
					"io.github.httpcache.core.RequestOptions", "io.github.httpcache.core.ResponseData",
					"io.github.httpcache.core.ResponseCachePredicate", "io.github.httpcache.core.CacheKeyCustomizer",
					"io.github.httpcache.core.CacheOutcome", "io.github.httpcache.core.Expiration",
					"io.github.httpcache.core.StaleWindow", "io.github.httpcache.store.CacheStore",
					"io.github.httpcache.store.ReactiveCacheStore", "io.github.httpcache.store.Lookup",
					"io.github.httpcache.store.CacheStoreException");
	}

}
