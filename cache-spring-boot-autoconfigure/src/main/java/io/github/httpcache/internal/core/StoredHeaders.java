package io.github.httpcache.internal.core;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.github.httpcache.core.Headers;

/**
 * The response header fields that are written to the store: hop-by-hop fields (RFC 9110 §7.6.1),
 * fields named as connection options by {@code Connection} (RFC 9111 §3.1), {@code Set-Cookie}, our
 * own {@code Cache-Status}, credential fields and ignored fields are not. What is not stored is never
 * served from the store either.
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
		Set<String> connectionOptions = connectionOptions(headers);
		headers.forEach((name, values) -> {
			String key = name.toLowerCase(Locale.ROOT);
			// A response field named like a credential header (an API that returns X-Auth-Token) is a secret too;
			// a field the response's Connection header lists is for that hop only (RFC 9110 §7.6.1).
			if (!NEVER_STORED.contains(key) && !settings.ignoredParameters().contains(key) && !credentials.isHeader(key)
					&& !connectionOptions.contains(key)) {
				stored.setAll(name, values);
			}
		});
		return stored.build();
	}

	/**
	 * The lower-case field names listed in {@code Connection}: they describe this connection only, and
	 * RFC 9111 §3.1 forbids storing them (RFC 9110 §7.6.1).
	 */
	static Set<String> connectionOptions(Headers headers) {
		List<String> lines = headers.all("Connection");
		if (lines.isEmpty()) {
			return Set.of();
		}
		Set<String> options = new HashSet<>();
		for (String line : lines) {
			for (String option : line.split(",")) {
				String trimmed = option.trim().toLowerCase(Locale.ROOT);
				if (!trimmed.isEmpty()) {
					options.add(trimmed);
				}
			}
		}
		return options;
	}

}
