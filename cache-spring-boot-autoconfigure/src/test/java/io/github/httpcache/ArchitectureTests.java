package io.github.httpcache;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layout the style guide describes: data flows one way, adapters → engine → core decisions and
 * store, and only {@code autoconfigure} knows Spring Boot.
 */
class ArchitectureTests {

	private static final JavaClasses PRODUCTION = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.httpcache");

	@Test
	void coreDependsOnlyOnJavaAndJSpecify() {
		classes().that()
			.resideInAPackage("io.github.httpcache.core..")
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage("io.github.httpcache.core..", "java..", "org.jspecify..")
			.check(PRODUCTION);
	}

	@Test
	void coreAndStoreNeverUseSpringsHttpClients() {
		noClasses().that()
			.resideInAnyPackage("io.github.httpcache.core..", "io.github.httpcache.store..")
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

}
