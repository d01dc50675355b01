package io.github.httpcache.autoconfigure;

import java.net.URI;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.internal.core.Authority;
import io.github.httpcache.internal.core.UrlMatcher;

import org.springframework.util.AntPathMatcher;

/**
 * A {@code urls-expire-after} pattern: {@code [scheme://]host[:port][/path]}. The host and the path are
 * matched separately with Spring's {@link AntPathMatcher}, so {@code *} stays within a host label or
 * path segment and {@code **} crosses them; {@code site.com} therefore never matches
 * {@code site.com.evil.org} (as requests-cache's prefix matching does). Without a path the pattern
 * covers the whole host; without a port, any port; without a scheme, any scheme.
 */
final class UrlGlob implements UrlMatcher {

	private static final AntPathMatcher HOSTS = new AntPathMatcher(".");

	private static final AntPathMatcher PATHS = new AntPathMatcher("/");

	static {
		HOSTS.setCaseSensitive(false);
	}

	private final String pattern;

	private final @Nullable String scheme;

	private final String host;

	private final @Nullable Integer port;

	private final String path;

	private UrlGlob(String pattern, @Nullable String scheme, String host, @Nullable Integer port, String path) {
		this.pattern = pattern;
		this.scheme = scheme;
		this.host = host;
		this.port = port;
		this.path = path;
	}

	/**
	 * Parses a pattern.
	 * @throws IllegalArgumentException saying what is wrong with it
	 */
	static UrlGlob parse(String pattern) {
		String text = pattern.trim();
		if (text.isEmpty()) {
			throw new IllegalArgumentException("the pattern is empty");
		}
		for (char c : text.toCharArray()) {
			if (Character.isWhitespace(c) || "[]{}\\\"<>".indexOf(c) >= 0) {
				throw new IllegalArgumentException("the pattern contains '" + c + "'");
			}
		}
		if (text.contains("***")) {
			throw new IllegalArgumentException("'***' is not a wildcard; use '*' or '**'");
		}
		String scheme = null;
		int schemeEnd = text.indexOf("://");
		if (schemeEnd >= 0) {
			scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
			if (!scheme.equals("http") && !scheme.equals("https")) {
				throw new IllegalArgumentException("the scheme must be http or https");
			}
			text = text.substring(schemeEnd + 3);
		}
		int slash = text.indexOf('/');
		String authority = (slash >= 0) ? text.substring(0, slash) : text;
		String path = (slash >= 0) ? text.substring(slash) : "/**";
		Integer port = null;
		int colon = authority.lastIndexOf(':');
		if (colon >= 0) {
			String portText = authority.substring(colon + 1);
			try {
				port = Integer.parseInt(portText);
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("the port '" + portText + "' is not a number");
			}
			if (port < 1 || port > 65535) {
				throw new IllegalArgumentException("the port " + port + " is out of range");
			}
			authority = authority.substring(0, colon);
		}
		if (authority.isEmpty()) {
			throw new IllegalArgumentException("the pattern has no host");
		}
		return new UrlGlob(pattern, scheme, authority.toLowerCase(Locale.ROOT), port, path);
	}

	@Override
	public boolean matches(URI uri) {
		String uriScheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "http";
		if (this.scheme != null && !this.scheme.equals(uriScheme)) {
			return false;
		}
		// From the raw authority when URI parsed no host, as for Docker Compose names such as user_service.
		Authority authority = Authority.of(uri);
		if (authority.host().isEmpty() || !HOSTS.match(this.host, authority.host())) {
			return false;
		}
		if (this.port != null) {
			int uriPort = (authority.port() != -1) ? authority.port() : (uriScheme.equals("https") ? 443 : 80);
			if (uriPort != this.port) {
				return false;
			}
		}
		String uriPath = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath();
		return PATHS.match(this.path, uriPath);
	}

	@Override
	public String toString() {
		return this.pattern;
	}

}
