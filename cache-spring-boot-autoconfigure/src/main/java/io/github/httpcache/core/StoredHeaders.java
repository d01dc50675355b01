package io.github.httpcache.core;

import java.util.Locale;
import java.util.Set;

/**
 * The response header fields that are written to the store: hop-by-hop fields (RFC 9110 §7.6.1),
 * {@code Set-Cookie}, our own {@code Cache-Status}, credential fields and ignored fields are not.
 */
final class StoredHeaders {

	private static final Set<String> NEVER_STORED = Set.of("connection", "keep-alive", "proxy-connection", "te",
			"trailer", "transfer-encoding", "upgrade", "set-cookie", "set-cookie2", "cache-status",
			"proxy-authenticate", "authorization", "proxy-authorization", "cookie", "x-api-key");

	private StoredHeaders() {
	}

	static Headers of(Headers headers, CacheSettings settings) {
		return of(headers, settings, Credentials.defaults());
	}

	static Headers of(Headers headers, CacheSettings settings, Credentials credentials) {
		Headers.Builder stored = Headers.builder();
		headers.forEach((name, values) -> {
			String key = name.toLowerCase(Locale.ROOT);
			// A response field named like a credential header (an API that returns X-Auth-Token) is a secret too.
			if (!NEVER_STORED.contains(key) && !settings.ignoredParameters().contains(key) && !credentials.isHeader(key)) {
				stored.setAll(name, values);
			}
		});
		return stored.build();
	}

}
