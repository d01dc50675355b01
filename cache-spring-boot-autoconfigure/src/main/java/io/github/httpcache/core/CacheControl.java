package io.github.httpcache.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The directives of one message's {@code Cache-Control} field lines (RFC 9111 §5.2), parsed once into
 * a typed value. Parsing never throws: what cannot be read is skipped, and a delta-seconds value that
 * is not a number reads as zero, because RFC 9111 §4.2.1 encourages treating invalid freshness
 * information as stale.
 *
 * @param directives every directive in order, names lower-cased
 */
public record CacheControl(List<Directive> directives) {

	/** RFC 9111 §1.2.2: a delta-seconds too large to represent is read as 2^31. */
	static final long DELTA_SECONDS_CAP = 2147483648L;

	/** No more directives than this are read from one message; the rest are ignored. */
	static final int MAX_DIRECTIVES = 256;

	private static final CacheControl NONE = new CacheControl(List.of());

	public CacheControl {
		directives = List.copyOf(directives);
	}

	public static CacheControl none() {
		return NONE;
	}

	/** Parses every {@code Cache-Control} line of the given headers. */
	public static CacheControl of(Headers headers) {
		return parse(headers.all("Cache-Control"));
	}

	/** Parses field lines; each line is a comma-separated list of directives. */
	public static CacheControl parse(List<String> lines) {
		if (lines.isEmpty()) {
			return NONE;
		}
		List<Directive> directives = new ArrayList<>();
		for (String line : lines) {
			new Tokenizer(line, directives).run();
			if (directives.size() >= MAX_DIRECTIVES) {
				break;
			}
		}
		return directives.isEmpty() ? NONE : new CacheControl(directives);
	}

	public static CacheControl parse(@Nullable String line) {
		return (line != null) ? parse(List.of(line)) : NONE;
	}

	public boolean has(String name) {
		String key = name.toLowerCase(Locale.ROOT);
		for (Directive directive : this.directives) {
			if (directive.name().equals(key)) {
				return true;
			}
		}
		return false;
	}

	public boolean noStore() {
		return has("no-store");
	}

	/** Whether {@code no-cache} is present, with or without field names (RFC 9111 §5.2.2.4). */
	public boolean noCache() {
		return has("no-cache");
	}

	public boolean mustRevalidate() {
		return has("must-revalidate");
	}

	public boolean proxyRevalidate() {
		return has("proxy-revalidate");
	}

	public boolean isPublic() {
		return has("public");
	}

	/** Whether {@code private} is present, with or without field names (RFC 9111 §5.2.2.7). */
	public boolean isPrivate() {
		return has("private");
	}

	public boolean immutable() {
		return has("immutable");
	}

	public boolean onlyIfCached() {
		return has("only-if-cached");
	}

	public boolean mustUnderstand() {
		return has("must-understand");
	}

	public @Nullable Duration maxAge() {
		return delta("max-age");
	}

	public @Nullable Duration sMaxAge() {
		return delta("s-maxage");
	}

	public @Nullable Duration minFresh() {
		return delta("min-fresh");
	}

	public @Nullable Duration staleIfError() {
		return delta("stale-if-error");
	}

	public @Nullable Duration staleWhileRevalidate() {
		return delta("stale-while-revalidate");
	}

	/**
	 * Request {@code max-stale} (RFC 9111 §5.2.1.2): {@code null} when absent, the limit when given, and
	 * {@link #UNLIMITED} when present without a value (any staleness is accepted).
	 */
	public @Nullable Duration maxStale() {
		if (!has("max-stale")) {
			return null;
		}
		Long smallest = null;
		for (Directive directive : this.directives) {
			if (directive.name().equals("max-stale") && directive.value() != null) {
				long seconds = parseDeltaSeconds(directive.value());
				smallest = (smallest == null) ? seconds : Math.min(smallest, seconds);
			}
		}
		return (smallest != null) ? Duration.ofSeconds(smallest) : UNLIMITED;
	}

	/** Stands for "no limit" in {@link #maxStale()}. */
	public static final Duration UNLIMITED = Duration.ofSeconds(Long.MAX_VALUE);

	/**
	 * The value of a delta-seconds directive; with several occurrences the smallest, the most
	 * restrictive (RFC 9111 §4.2.1). A value that is not a number, or a missing value, reads as zero:
	 * invalid freshness information means stale.
	 */
	public @Nullable Duration delta(String name) {
		Long smallest = null;
		for (Directive directive : this.directives) {
			if (directive.name().equals(name)) {
				long seconds = (directive.value() != null) ? parseDeltaSeconds(directive.value()) : 0;
				smallest = (smallest == null) ? seconds : Math.min(smallest, seconds);
			}
		}
		return (smallest != null) ? Duration.ofSeconds(smallest) : null;
	}

	/** The field names of a qualified {@code no-cache} or {@code private} (RFC 9111 §5.2.2.4, §5.2.2.7). */
	public List<String> fieldNames(String name) {
		List<String> names = new ArrayList<>();
		for (Directive directive : this.directives) {
			if (directive.name().equals(name) && directive.value() != null) {
				for (String field : directive.value().split(",")) {
					if (!field.isBlank()) {
						names.add(field.trim().toLowerCase(Locale.ROOT));
					}
				}
			}
		}
		return Collections.unmodifiableList(names);
	}

	public static long parseDeltaSeconds(String value) {
		String text = value.trim();
		if (text.isEmpty()) {
			return 0;
		}
		long seconds = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return 0;
			}
			seconds = seconds * 10 + (c - '0');
			if (seconds >= DELTA_SECONDS_CAP) {
				return DELTA_SECONDS_CAP;
			}
		}
		return seconds;
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder();
		for (Directive directive : this.directives) {
			if (!text.isEmpty()) {
				text.append(", ");
			}
			text.append(directive.name());
			if (directive.value() != null) {
				text.append('=').append(quoteIfNeeded(directive.value()));
			}
		}
		return text.toString();
	}

	private static String quoteIfNeeded(String value) {
		for (int i = 0; i < value.length(); i++) {
			if (!isTokenChar(value.charAt(i))) {
				return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
			}
		}
		return value.isEmpty() ? "\"\"" : value;
	}

	static boolean isTokenChar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
				|| "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
	}

	/**
	 * One directive: its lower-cased name and its value (a token or the unquoted content of a
	 * quoted-string), or {@code null} when it has none.
	 */
	public record Directive(String name, @Nullable String value) {
	}

	/** Reads {@code #cache-directive} (RFC 9111 §5.2): token [ "=" ( token / quoted-string ) ]. */
	private static final class Tokenizer {

		private final String text;

		private final List<Directive> out;

		private int pos;

		Tokenizer(String text, List<Directive> out) {
			this.text = text;
			this.out = out;
		}

		void run() {
			while (this.pos < this.text.length() && this.out.size() < MAX_DIRECTIVES) {
				skip(" \t,");
				if (this.pos >= this.text.length()) {
					return;
				}
				String name = token();
				skip(" \t");
				String value = null;
				if (peek() == '=') {
					this.pos++;
					skip(" \t");
					value = (peek() == '"') ? quoted() : token();
				}
				if (!name.isEmpty()) {
					this.out.add(new Directive(name.toLowerCase(Locale.ROOT), value));
				}
				// Whatever follows up to the next comma is not part of a valid directive.
				while (this.pos < this.text.length() && this.text.charAt(this.pos) != ',') {
					if (this.text.charAt(this.pos) == '"') {
						quoted();
					}
					else {
						this.pos++;
					}
				}
			}
		}

		private char peek() {
			return (this.pos < this.text.length()) ? this.text.charAt(this.pos) : 0;
		}

		private void skip(String chars) {
			while (this.pos < this.text.length() && chars.indexOf(this.text.charAt(this.pos)) >= 0) {
				this.pos++;
			}
		}

		private String token() {
			int start = this.pos;
			while (this.pos < this.text.length() && isTokenChar(this.text.charAt(this.pos))) {
				this.pos++;
			}
			return this.text.substring(start, this.pos);
		}

		/** A quoted-string with backslash escapes (RFC 9110 §5.6.4); an unterminated one ends the line. */
		private String quoted() {
			StringBuilder value = new StringBuilder();
			this.pos++;
			while (this.pos < this.text.length()) {
				char c = this.text.charAt(this.pos++);
				if (c == '"') {
					return value.toString();
				}
				if (c == '\\' && this.pos < this.text.length()) {
					c = this.text.charAt(this.pos++);
				}
				value.append(c);
			}
			return value.toString();
		}

	}

}
