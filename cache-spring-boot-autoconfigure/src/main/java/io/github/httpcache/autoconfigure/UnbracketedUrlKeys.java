package io.github.httpcache.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Finds {@code urls-expire-after} keys that Spring Boot binds without their separators. A map key is
 * a property name, and a name keeps only letters, digits, {@code -} and {@code .}: written without
 * brackets, {@code 127.0.0.1:18091/maxage/**} binds as {@code 127.0.0.118091maxage}, a glob that
 * matches nothing. The binder cannot tell, so this reads the names as the property sources hold them,
 * before binding, and the auto-configuration logs a warning for each.
 */
final class UnbracketedUrlKeys {

	private static final Log logger = LogFactory.getLog(UnbracketedUrlKeys.class);

	private static final String PREFIX = "http.cache.urls-expire-after.";

	private UnbracketedUrlKeys() {
	}

	/** Logs one warning per key that lost characters, with the bracketed form and url-rules to use instead. */
	static void warn(Environment environment) {
		for (String key : find(environment)) {
			logger.warn(message(key));
		}
	}

	static String message(String key) {
		return "http.cache.urls-expire-after key '" + key + "' was bound as '" + bound(key)
				+ "' (property names keep only letters, digits, '-' and '.'), so it matches no URL. Write it in "
				+ "brackets, \"[" + key + "]\", or as a rule of http.cache.url-rules: - pattern: \"" + key + "\"";
	}

	/** The keys, as written, that contain a character a property name drops. */
	static List<String> find(Environment environment) {
		Set<String> keys = new LinkedHashSet<>();
		if (environment instanceof ConfigurableEnvironment configurable) {
			for (PropertySource<?> source : configurable.getPropertySources()) {
				if (source instanceof EnumerablePropertySource<?> enumerable) {
					for (String name : enumerable.getPropertyNames()) {
						String key = unbracketedKey(name);
						if (key != null) {
							keys.add(key);
						}
					}
				}
			}
		}
		return new ArrayList<>(keys);
	}

	/** The key of {@code http.cache.urls-expire-after.<key>} when it would lose characters, else null. */
	static @Nullable String unbracketedKey(String propertyName) {
		if (!propertyName.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
			return null;
		}
		String key = propertyName.substring(PREFIX.length());
		if (key.isEmpty() || key.startsWith("[")) {
			return null;
		}
		return bound(key).equalsIgnoreCase(key) ? null : key;
	}

	/** What the binder makes of the key: each dot-separated element without the characters names drop. */
	static String bound(String key) {
		return ConfigurationPropertyName.adapt(key, '.').toString();
	}

}
