package io.github.httpcache.internal.core;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheKey;
import io.github.httpcache.core.CacheRequest;

/**
 * Computes cache keys: method + normalised URL + body (for allowable methods other than GET and
 * HEAD) + {@code match-headers} + the {@code Host} header when one is set + a keyed digest of the
 * credentials, as fixed-length digests.
 * <p>
 * Credentials never enter a key or the store in clear: the headers and query parameters that
 * {@link Credentials} names (and the URI's user information) contribute only an HMAC-SHA256 digest,
 * so two users never share an entry and a Redis dump shows no token (requests-cache leaves
 * {@code Authorization} out of the key; we do not). Credential parameters are removed from the
 * normalised URL, which is what the store keeps and what logs and the actuator endpoint show.
 */
public final class CacheKeys {

	private static final int DIGEST_HEX_LENGTH = 32;

	private final CacheSettings settings;

	private final Credentials credentials;

	/** Keys with the default credential fields and a secret generated for this process. */
	public CacheKeys(CacheSettings settings) {
		this(settings, Credentials.defaults());
	}

	public CacheKeys(CacheSettings settings, Credentials credentials) {
		this.settings = settings;
		this.credentials = credentials;
	}

	public Credentials credentials() {
		return this.credentials;
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
			if (!this.credentials.isHeader(name)) {
				material.append(name).append('=').append(VaryMatcher.normalize(request.headers().all(name))).append('\n');
			}
		}
		String host = request.headers().first("Host");
		if (host != null) {
			// A Host set on the request (virtual hosting, a per-tenant override) selects what the origin
			// serves as much as the URL does (RFC 9110 §7.2), so it is part of the key whatever the URL says.
			material.append("host=").append(host.trim().toLowerCase(Locale.ROOT)).append('\n');
		}
		// RFC 9111 §3.5: a shared cache stores an authorized response only when it may serve it to anyone
		// (Storability), so Authorization leaves the key there; other credentials still separate users.
		material.append(credentialHash(
				this.settings.shared() ? request.withHeaders(request.headers().without("Authorization")) : request));
		return new CacheKey(urlKey(url), digest(material.toString().getBytes(StandardCharsets.UTF_8)), url);
	}

	/**
	 * Whether the request carries credentials while the secret that keys their digest is not known yet
	 * (the store that keeps it could not be read): such a request must neither read nor write, since its
	 * key could not be the one every instance computes.
	 */
	public boolean credentialsPending(CacheRequest request) {
		return !this.credentials.secretKnown() && !credentialMaterial(request).isEmpty();
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
		Authority authority = Authority.of(uri);
		String host = authority.host();
		int port = authority.port();
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
			if (this.credentials.isParameter(lower) || this.settings.ignoredParameters().contains(lower)) {
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

	/**
	 * A keyed digest of every credential the request carries, or an empty string when it carries none.
	 * While the secret is unknown the part is unique to the request, so it is never shared.
	 */
	String credentialHash(CacheRequest request) {
		String material = credentialMaterial(request);
		if (material.isEmpty()) {
			return "";
		}
		String digest = this.credentials.digest(material);
		return (digest != null) ? "cred:" + digest : "cred:pending:" + java.util.UUID.randomUUID();
	}

	private String credentialMaterial(CacheRequest request) {
		StringBuilder credentials = new StringBuilder();
		for (String name : this.credentials.headers()) {
			for (String value : request.headers().all(name)) {
				credentials.append(name).append(':').append(value).append('\n');
			}
		}
		String userInfo = request.uri().getRawUserInfo();
		if (userInfo == null && request.uri().getHost() == null && request.uri().getRawAuthority() != null) {
			// A registry-based authority (user_service): URI parsed no user information from it.
			String authority = request.uri().getRawAuthority();
			int at = authority.lastIndexOf('@');
			userInfo = (at >= 0) ? authority.substring(0, at) : null;
		}
		if (userInfo != null) {
			credentials.append("userinfo:").append(userInfo).append('\n');
		}
		String rawQuery = request.uri().getRawQuery();
		if (rawQuery != null) {
			for (String pair : rawQuery.split("&")) {
				int eq = pair.indexOf('=');
				String name = decode((eq >= 0) ? pair.substring(0, eq) : pair).toLowerCase(Locale.ROOT);
				if (this.credentials.isParameter(name)) {
					credentials.append(name).append('=').append((eq >= 0) ? pair.substring(eq + 1) : "").append('\n');
				}
			}
		}
		return credentials.toString();
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

	public static String digest(byte[] bytes) {
		MessageDigest sha256 = SHA_256.get();
		sha256.reset();
		byte[] hash = sha256.digest(bytes);
		return HexFormat.of().formatHex(hash, 0, DIGEST_HEX_LENGTH / 2);
	}

}
