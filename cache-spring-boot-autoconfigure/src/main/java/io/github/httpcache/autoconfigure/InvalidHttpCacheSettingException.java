package io.github.httpcache.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * An {@code http.cache.*} value the cache cannot start with: the property, the value, why, and what
 * to write instead. {@link HttpCacheFailureAnalyzer} prints the reason as the description and the
 * action as the action; without it, Spring Boot's own analyzer of the superclass still names the
 * property and the reason.
 */
class InvalidHttpCacheSettingException extends InvalidConfigurationPropertyValueException {

	private final String explanation;

	private final String action;

	/** The message holds both the reason and the action, so a log without the analyzer still teaches. */
	InvalidHttpCacheSettingException(String name, @Nullable Object value, String reason, String action) {
		super(name, value, reason + " " + action);
		this.explanation = reason;
		this.action = action;
	}

	/** Why the value is refused, without the action. */
	String getExplanation() {
		return this.explanation;
	}

	/** What to write instead, e.g. "did you mean '3600s'?". */
	String getAction() {
		return this.action;
	}

}
