package io.github.httpcache.internal.core;

import java.net.URI;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The host and port a URI names, read from its raw authority when {@link URI} cannot parse a host.
 * <p>
 * {@code java.net.URI} follows RFC 2396, whose host names may not contain an underscore, so for
 * {@code http://user_service:8080/me} (a Docker Compose service name) {@link URI#getHost()} is
 * {@code null} and {@link URI#getPort()} is {@code -1}, while HTTP clients connect to
 * {@code user_service} all the same. Keys, origins (RFC 9111 §4.4, RFC 6454 §4) and URL rules read
 * the authority through this class, so {@code user_service} and {@code billing_service} never share
 * a key or count as one origin. User information ({@code user:password@}) is never part of the host;
 * the keys hash it with the credentials.
 *
 * @param host the lower-case host, or an empty string when the URI has no authority
 * @param port the explicit port, or {@code -1} for the scheme's default
 */
public record Authority(String host, int port) {

	/** The authority of a URI. */
	public static Authority of(URI uri) {
		if (uri.getHost() != null) {
			return new Authority(uri.getHost().toLowerCase(Locale.ROOT), uri.getPort());
		}
		return parse(uri.getRawAuthority());
	}

	/** RFC 3986 §3.2: {@code [userinfo@]host[:port]}, for a registry-based authority URI did not parse. */
	static Authority parse(@Nullable String rawAuthority) {
		if (rawAuthority == null || rawAuthority.isEmpty()) {
			return new Authority("", -1);
		}
		String hostPort = rawAuthority.substring(rawAuthority.lastIndexOf('@') + 1);
		int colon = hostPort.lastIndexOf(':');
		if (colon >= 0 && hostPort.indexOf(']', colon) < 0) {
			String digits = hostPort.substring(colon + 1);
			int port = port(digits);
			if (port != -2) {
				return new Authority(hostPort.substring(0, colon).toLowerCase(Locale.ROOT), port);
			}
		}
		return new Authority(hostPort.toLowerCase(Locale.ROOT), -1);
	}

	/** The port for its digits: {@code -1} for none (an empty port means the default), {@code -2} for not a port. */
	private static int port(String digits) {
		if (digits.isEmpty()) {
			return -1;
		}
		if (digits.length() > 5 || !digits.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return -2;
		}
		int port = Integer.parseInt(digits);
		return (port <= 65535) ? port : -2;
	}

	/** The port, or the scheme's default port (80, 443) when none is given; {@code -1} when unknown. */
	public int effectivePort(String scheme) {
		if (this.port != -1) {
			return this.port;
		}
		return switch (scheme.toLowerCase(Locale.ROOT)) {
			case "http" -> 80;
			case "https" -> 443;
			default -> -1;
		};
	}

}
