package io.github.httpcache.autoconfigure;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Explains an invalid {@code http.cache.*} setting at start-up: the description names the property,
 * the value and where it was written; the action says what to write instead ({@code expire-after:
 * 3600} → "Did you mean '3600s'?"). Registered in {@code META-INF/spring.factories}; ordered ahead of
 * Spring Boot's generic binding analyzers, and silent for every other failure.
 */
final class HttpCacheFailureAnalyzer implements FailureAnalyzer, Ordered {

	private static final String PREFIX = "http.cache.";

	private final @Nullable Environment environment;

	/** Spring Boot passes the application's environment, where the origin of a value is looked up. */
	HttpCacheFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		BindException bind = find(failure, BindException.class);
		InvalidHttpCacheSettingException setting = find(failure, InvalidHttpCacheSettingException.class);
		if (setting != null && setting.getName().startsWith(PREFIX)) {
			// A value refused while it was bound carries its origin; any other is looked up by name.
			ConfigurationProperty bound = (bind != null) ? bind.getProperty() : null;
			Origin origin = (bound != null && bound.getName().toString().equals(setting.getName())) ? bound.getOrigin()
					: origin(setting.getName());
			return new FailureAnalysis(describe(setting.getName(), setting.getValue(), origin, setting.getExplanation()),
					setting.getAction(), setting);
		}
		if (bind == null || !bind.getName().toString().startsWith(PREFIX)) {
			return null;
		}
		ConfigurationProperty property = bind.getProperty();
		Object value = (property != null) ? property.getValue() : null;
		Origin origin = (property != null) ? property.getOrigin() : null;
		String name = (property != null) ? property.getName().toString() : bind.getName().toString();
		InvalidHttpCacheValueException conversion = find(bind, InvalidHttpCacheValueException.class);
		if (conversion != null) {
			return new FailureAnalysis(describe(name, conversion.getValue(), origin, conversion.getMessage()),
					"Update " + name + ". " + conversion.getAction(), bind);
		}
		Class<?> type = bind.getTarget().getType().resolve();
		if (type != null && type.isEnum()) {
			String accepted = Arrays.stream(type.getEnumConstants())
				.map((constant) -> "'" + ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-') + "'")
				.collect(Collectors.joining(", "));
			return new FailureAnalysis(describe(name, value, origin, "'" + value + "' is not one of the accepted values."),
					"Set " + name + " to one of " + accepted + ((name.equals("http.cache.store"))
							? " ('redis' needs a RedisConnectionFactory), or leave it unset to use Redis when the "
									+ "application has one and memory otherwise."
							: "."),
					bind);
		}
		return null;
	}

	/** Where the value was written (a file and line, an environment variable), when the environment knows. */
	private @Nullable Origin origin(String name) {
		ConfigurationPropertyName propertyName = ConfigurationPropertyName.ofIfValid(name);
		if (this.environment == null || propertyName == null) {
			return null;
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(propertyName);
			if (property != null) {
				return property.getOrigin();
			}
		}
		return null;
	}

	private static String describe(String name, @Nullable Object value, @Nullable Origin origin, @Nullable String reason) {
		StringBuilder description = new StringBuilder("Invalid value '").append(value)
			.append("' for configuration property '")
			.append(name)
			.append("'");
		if (origin != null) {
			description.append(" (originating from '").append(origin).append("')");
		}
		description.append(":\n\n    ").append(reason);
		return description.toString();
	}

	private static <E extends Throwable> @Nullable E find(Throwable failure, Class<E> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return null;
	}

}
