package io.github.httpcache.autoconfigure;

/**
 * A text that does not convert to an {@code http.cache.*} type (an expiration, a stale window). The
 * converter does not know the property's name: {@link HttpCacheFailureAnalyzer} takes it from the
 * {@code BindException} around this one.
 */
class InvalidHttpCacheValueException extends IllegalArgumentException {

	private final String value;

	private final String action;

	InvalidHttpCacheValueException(String value, String message, String action) {
		super(message);
		this.value = value;
		this.action = action;
	}

	String getValue() {
		return this.value;
	}

	/** What to write instead, e.g. "did you mean '3600s'?". */
	String getAction() {
		return this.action;
	}

}
