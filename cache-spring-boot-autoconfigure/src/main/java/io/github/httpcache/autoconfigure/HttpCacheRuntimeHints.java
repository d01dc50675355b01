package io.github.httpcache.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * What the starter reaches reflectively, for Spring AOT and GraalVM native images (registered in
 * {@code META-INF/spring/aot.factories}):
 * <ul>
 * <li>the {@code http.cache.*} properties, bound by reflection (Spring Boot also registers them for
 * {@code @EnableConfigurationProperties}; listed here so they never depend on which configuration ran);
 * <li>the actuator endpoint's JSON types, written by Jackson, when the actuator is present;
 * <li>the classes Spring Boot instantiates from {@code META-INF/spring.factories} (the failure
 * analyzer and the environment post-processor);
 * <li>{@code Thread.ofVirtual()} and {@code Thread.Builder}, looked up reflectively by the background
 * refresher so that it runs on virtual threads on Java 21 while compiled for 17.
 * </ul>
 * The Redis store's Lua scripts are string constants in the code, not resources: nothing to register.
 */
class HttpCacheRuntimeHints implements RuntimeHintsRegistrar {

	private static final String OPERATION_RESPONSE_BODY = "org.springframework.boot.actuate.endpoint.OperationResponseBody";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		BindableRuntimeHintsRegistrar.forTypes(HttpCacheProperties.class).registerHints(hints, classLoader);
		if (ClassUtils.isPresent(OPERATION_RESPONSE_BODY, classLoader)) {
			EndpointTypes.register(hints);
		}
		hints.reflection()
			.registerType(HttpCacheFailureAnalyzer.class, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)
			.registerType(RedisHealthDefaultsEnvironmentPostProcessor.class, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
		hints.reflection().registerType(Thread.class, (type) -> type.withMethod("ofVirtual", List.of(),
				ExecutableMode.INVOKE));
		hints.reflection().registerType(TypeReference.of("java.lang.Thread$Builder"), (type) -> type
			.withMethod("name", List.of(TypeReference.of(String.class), TypeReference.of(long.class)), ExecutableMode.INVOKE)
			.withMethod("factory", List.of(), ExecutableMode.INVOKE));
	}

	/** Kept apart so that the endpoint's classes (which need the actuator) load only when it is present. */
	private static final class EndpointTypes {

		static void register(RuntimeHints hints) {
			new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
					HttpCacheEndpoint.CacheDescriptor.class, HttpCacheEndpoint.EntriesDescriptor.class);
		}

	}

}
