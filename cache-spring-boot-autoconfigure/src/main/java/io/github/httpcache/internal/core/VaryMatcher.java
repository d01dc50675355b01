package io.github.httpcache.internal.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.Headers;

/**
 * Matches requests to stored variants by the header fields a response's {@code Vary} names
 * (RFC 9111 §4.1): values are normalised by combining field lines and trimming list members; a
 * field absent from both matches; {@code Vary: *} never matches. The content-negotiation fields
 * ({@code Accept}, {@code Accept-Charset}, {@code Accept-Encoding}, {@code Accept-Language}) are lists
 * of case-insensitive tokens whose order carries no preference (weights do, RFC 9110 §12.4.2), so
 * their members are also lower-cased, stripped of whitespace and sorted: {@code en, fr} and
 * {@code FR,EN} select the same variant (RFC 9111 §4.1 allows such normalisation). Other fields keep
 * their case and order, which may be meaningful.
 */
public final class VaryMatcher {

	private VaryMatcher() {
	}

	/** The lower-case field names a response's {@code Vary} lists; {@code *} stays {@code *}. */
	public static List<String> varyNames(Headers responseHeaders) {
		List<String> names = new ArrayList<>();
		for (String line : responseHeaders.all("Vary")) {
			for (String name : line.split(",")) {
				String trimmed = name.trim().toLowerCase(Locale.ROOT);
				if (!trimmed.isEmpty() && !names.contains(trimmed)) {
					names.add(trimmed);
				}
			}
		}
		return names;
	}

	/**
	 * Whether a validation response ({@code 304}, or a {@code 200} to {@code HEAD}) changes the stored
	 * response's {@code Vary}: it carries {@code Vary} and names other fields. One without {@code Vary}
	 * leaves the stored field as it is (RFC 9111 §4.3.4 updates only the fields it carries).
	 */
	public static boolean changes(Headers storedHeaders, Headers validation) {
		if (!validation.contains("Vary")) {
			return false;
		}
		return !new java.util.TreeSet<>(varyNames(storedHeaders)).equals(new java.util.TreeSet<>(varyNames(validation)));
	}

	public static boolean varyStar(Headers responseHeaders) {
		return varyNames(responseHeaders).contains("*");
	}

	/**
	 * The request's normalised values for the fields the response varies on, as stored with the entry.
	 * Credential fields are stored only as digests, so a {@code Vary: Authorization} never writes a
	 * token to the store.
	 */
	public static Headers selectedValues(Headers responseHeaders, Headers requestHeaders) {
		return selectedValues(responseHeaders, requestHeaders, Set.of());
	}

	/**
	 * As {@link #selectedValues(Headers, Headers)}, with the fields named in {@code hashed} (lower-case,
	 * such as {@code ignored-parameters}) also stored only as digests.
	 */
	public static Headers selectedValues(Headers responseHeaders, Headers requestHeaders, Set<String> hashed) {
		return selectedValues(responseHeaders, requestHeaders, hashed, Credentials.defaults());
	}

	/**
	 * As {@link #selectedValues(Headers, Headers, Set)}, with the credential fields {@code credentials}
	 * names stored only as its keyed digests.
	 */
	public static Headers selectedValues(Headers responseHeaders, Headers requestHeaders, Set<String> hashed,
			Credentials credentials) {
		Headers.Builder values = Headers.builder();
		for (String name : varyNames(responseHeaders)) {
			List<String> lines = requestHeaders.all(name);
			if (!lines.isEmpty()) {
				values.add(name, storedForm(name, normalize(name, lines), hashed, credentials));
			}
		}
		return values.build();
	}

	/** Whether a stored entry answers this request as far as {@code Vary} is concerned. */
	public static boolean matches(CacheEntry entry, Headers requestHeaders) {
		return matches(entry, requestHeaders, Set.of());
	}

	/** As {@link #matches(CacheEntry, Headers)}, for entries stored with {@code hashed} fields. */
	public static boolean matches(CacheEntry entry, Headers requestHeaders, Set<String> hashed) {
		return matches(entry, requestHeaders, hashed, Credentials.defaults());
	}

	/** As {@link #matches(CacheEntry, Headers, Set)}, for entries stored with {@code credentials}. */
	public static boolean matches(CacheEntry entry, Headers requestHeaders, Set<String> hashed, Credentials credentials) {
		List<String> names = varyNames(entry.headers());
		if (names.contains("*")) {
			return false;
		}
		for (String name : names) {
			List<String> lines = requestHeaders.all(name);
			String stored = entry.varyValues().first(name);
			if (lines.isEmpty() != (stored == null)) {
				return false;
			}
			if (stored != null && !stored.equals(storedForm(name, normalize(name, lines), hashed, credentials))) {
				return false;
			}
		}
		return true;
	}

	/** Combines field lines into one list and trims each member (RFC 9110 §5.3, RFC 9111 §4.1). */
	static String normalize(List<String> lines) {
		StringBuilder value = new StringBuilder();
		for (String line : lines) {
			for (String member : line.split(",")) {
				String trimmed = member.trim();
				if (!trimmed.isEmpty()) {
					value.append(value.isEmpty() ? "" : ",").append(trimmed);
				}
			}
		}
		return value.toString();
	}

	/** Fields whose members are case-insensitive and unordered (RFC 9110 §12.5). */
	private static final Set<String> NEGOTIATION_LISTS = Set.of("accept", "accept-charset", "accept-encoding",
			"accept-language");

	/** As {@link #normalize(List)}, with the content-negotiation lists also lower-cased and sorted. */
	static String normalize(String name, List<String> lines) {
		if (!NEGOTIATION_LISTS.contains(name.toLowerCase(Locale.ROOT))) {
			return normalize(lines);
		}
		List<String> members = new ArrayList<>();
		for (String line : lines) {
			for (String member : line.split(",")) {
				String token = member.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
				if (!token.isEmpty()) {
					members.add(token);
				}
			}
		}
		members.sort(null);
		return String.join(",", members);
	}

	private static String storedForm(String name, String value, Set<String> hashed, Credentials credentials) {
		String key = name.toLowerCase(Locale.ROOT);
		if (credentials.isHeader(key)) {
			// Keyed like the credentials in the request key; while the secret is unknown the value is
			// unique, so it matches nothing (such requests bypass the cache anyway).
			String digest = credentials.digest(key + ":" + value);
			return (digest != null) ? "hmac:" + digest : "pending:" + java.util.UUID.randomUUID();
		}
		if (hashed.contains(key)) {
			return "sha256:" + CacheKeys.digest(value.getBytes(StandardCharsets.UTF_8));
		}
		return value;
	}

}
