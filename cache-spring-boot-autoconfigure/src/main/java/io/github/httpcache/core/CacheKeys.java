package io.github.httpcache.core;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Computes cache keys: method + normalised URL + body (for allowable methods other than GET and
 * HEAD) + {@code match-headers} + a hash of the credentials, as fixed-length digests.
 * <p>
 * Credentials never enter a key or the store in clear: the headers {@code Authorization},
 * {@code Proxy-Authorization}, {@code Cookie}, {@code X-API-KEY} and the query parameters
 * {@code access_token} and {@code api_key} contribute only a SHA-256 digest, so two users never
 * share an entry and a Redis dump shows no token (requests-cache leaves {@code Authorization} out of
 * the key; we do not).
 */
public final class CacheKeys {

	/** Request headers that carry credentials (lower-case). */
	public static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
			"x-api-key");

	/** Query parameters that carry credentials (lower-case). */
	public static final Set<String> CREDENTIAL_PARAMETERS = Set.of("access_token", "api_key");

	private static final int DIGEST_HEX_LENGTH = 32;

	private final CacheSettings settings;

	public CacheKeys(CacheSettings settings) {
		this.settings = settings;
	}

	public CacheKey keyFor(CacheRequest request) {
		String url = normalizeUrl(request.uri());
		StringBuilder material = new StringBuilder(256);
		// HEAD is answered from a stored GET (RFC 9111 §4.3.5), so both share a key.
		String method = request.method().equals("HEAD") ? "GET" : request.method();
		material.append(method).append('\n').append(url).append('\n');
		if (!method.equals("GET") && request.body().length > 0) {
			material.append(digest(RequestBodies.normalize(request.body(), request.headers().first("Content-Type"),
					this.settings.ignoredParameters())));
		}
		material.append('\n');
		for (String name : this.settings.matchHeaders()) {
			if (!CREDENTIAL_HEADERS.contains(name)) {
				material.append(name).append('=').append(VaryMatcher.normalize(request.headers().all(name))).append('\n');
			}
		}
		// RFC 9111 §3.5: a shared cache stores an authorized response only when it may serve it to anyone
		// (Storability), so Authorization leaves the key there; other credentials still separate users.
		material.append(credentialHash(
				this.settings.shared() ? request.withHeaders(request.headers().without("Authorization")) : request));
		return new CacheKey(urlKey(url), digest(material.toString().getBytes(StandardCharsets.UTF_8)), url);
	}

	/** The URL key for a URL as a user would type it, as used by invalidation and lookup by URL. */
	public String urlKey(URI uri) {
		return urlKey(normalizeUrl(uri));
	}

	private static String urlKey(String normalizedUrl) {
		return digest(normalizedUrl.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Lower-case scheme and host, default port dropped, empty path as {@code /}, fragment dropped, query
	 * parameters sorted by name (the order of repeated names kept), ignored and credential parameters
	 * removed.
	 */
	public String normalizeUrl(URI uri) {
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "http";
		String host = (uri.getHost() != null) ? uri.getHost().toLowerCase(Locale.ROOT) : "";
		int port = uri.getPort();
		boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
		String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath();
		StringBuilder url = new StringBuilder(scheme).append("://").append(host);
		if (!defaultPort) {
			url.append(':').append(port);
		}
		url.append(path);
		String query = normalizeQuery(uri.getRawQuery());
		if (!query.isEmpty()) {
			url.append('?').append(query);
		}
		return url.toString();
	}

	private String normalizeQuery(@Nullable String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return "";
		}
		List<String[]> parameters = new ArrayList<>();
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = (eq >= 0) ? pair.substring(0, eq) : pair;
			String lower = decode(name).toLowerCase(Locale.ROOT);
			if (CREDENTIAL_PARAMETERS.contains(lower) || this.settings.ignoredParameters().contains(lower)) {
				continue;
			}
			parameters.add(new String[] { name, pair });
		}
		parameters.sort(Comparator.comparing((String[] p) -> p[0]));
		StringBuilder query = new StringBuilder();
		for (String[] parameter : parameters) {
			if (!query.isEmpty()) {
				query.append('&');
			}
			query.append(parameter[1]);
		}
		return query.toString();
	}

	/** A digest of every credential the request carries, or an empty string when it carries none. */
	static String credentialHash(CacheRequest request) {
		StringBuilder credentials = new StringBuilder();
		for (String name : new String[] { "authorization", "proxy-authorization", "cookie", "x-api-key" }) {
			for (String value : request.headers().all(name)) {
				credentials.append(name).append(':').append(value).append('\n');
			}
		}
		String rawQuery = request.uri().getRawQuery();
		if (rawQuery != null) {
			for (String pair : rawQuery.split("&")) {
				int eq = pair.indexOf('=');
				String name = decode((eq >= 0) ? pair.substring(0, eq) : pair).toLowerCase(Locale.ROOT);
				if (CREDENTIAL_PARAMETERS.contains(name)) {
					credentials.append(name).append('=').append((eq >= 0) ? pair.substring(eq + 1) : "").append('\n');
				}
			}
		}
		return credentials.isEmpty() ? "" : "cred:" + digest(credentials.toString().getBytes(StandardCharsets.UTF_8));
	}

	private static String decode(String text) {
		try {
			return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return text;
		}
	}

	/** One digest per thread: looking up a provider for every key showed in the benchmarks' profile. */
	private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	});

	static String digest(byte[] bytes) {
		MessageDigest sha256 = SHA_256.get();
		sha256.reset();
		byte[] hash = sha256.digest(bytes);
		return HexFormat.of().formatHex(hash, 0, DIGEST_HEX_LENGTH / 2);
	}

}
