package io.github.httpcache.core;

import java.net.URI;
import java.util.Locale;

/**
 * A request as the cache sees it.
 *
 * @param method upper-case method
 * @param uri absolute target URI
 * @param headers request header fields
 * @param body request body (empty for none); only used in keys of allowable non-GET methods
 * @param options per-request cache options
 */
public record CacheRequest(String method, URI uri, Headers headers, byte[] body, RequestOptions options) {

	public CacheRequest {
		method = method.toUpperCase(Locale.ROOT);
	}

	public static CacheRequest get(String uri) {
		return new CacheRequest("GET", URI.create(uri), Headers.empty(), new byte[0], RequestOptions.NONE);
	}

	public CacheRequest withHeaders(Headers headers) {
		return new CacheRequest(this.method, this.uri, headers, this.body, this.options);
	}

	public CacheRequest withOptions(RequestOptions options) {
		return new CacheRequest(this.method, this.uri, this.headers, this.body, options);
	}

	public CacheRequest withMethod(String method) {
		return new CacheRequest(method, this.uri, this.headers, this.body, this.options);
	}

	public CacheControl cacheControl() {
		return CacheControl.of(this.headers);
	}

}
