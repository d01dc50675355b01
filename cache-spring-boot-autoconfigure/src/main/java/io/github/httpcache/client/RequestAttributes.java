package io.github.httpcache.client;

import java.util.Map;

import io.github.httpcache.HttpCacheRequest;
import io.github.httpcache.core.Expiration;
import io.github.httpcache.core.RequestOptions;

/** Reads the per-request options that {@link HttpCacheRequest} put into a request's attributes. */
final class RequestAttributes {

	private RequestAttributes() {
	}

	public static RequestOptions options(Map<String, Object> attributes) {
		if (attributes.isEmpty()) {
			return RequestOptions.NONE;
		}
		RequestOptions options = RequestOptions.NONE;
		if (attributes.get(HttpCacheRequest.EXPIRE_AFTER) instanceof Expiration expiration) {
			options = options.withExpireAfter(expiration);
		}
		if (Boolean.TRUE.equals(attributes.get(HttpCacheRequest.ONLY_IF_CACHED))) {
			options = options.withOnlyIfCached();
		}
		if (Boolean.TRUE.equals(attributes.get(HttpCacheRequest.REFRESH))) {
			options = options.withRefresh();
		}
		if (Boolean.TRUE.equals(attributes.get(HttpCacheRequest.FORCE_REFRESH))) {
			options = options.withForceRefresh();
		}
		if (Boolean.TRUE.equals(attributes.get(HttpCacheRequest.BYPASS))) {
			options = options.withBypass();
		}
		if (attributes.get(HttpCacheRequest.INVALIDATES) instanceof java.util.List<?> globs) {
			options = options.withInvalidates(globs.stream().map(String::valueOf).toList());
		}
		return options;
	}

}
