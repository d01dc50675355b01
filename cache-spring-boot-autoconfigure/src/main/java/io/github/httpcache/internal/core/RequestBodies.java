package io.github.httpcache.internal.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * Normalises request bodies for keys, so that equivalent bodies share an entry: JSON with object keys
 * sorted (at every depth) and ignored top-level fields removed; form bodies with fields sorted and
 * ignored ones removed; anything else as raw bytes. A body that does not parse is used raw.
 */
final class RequestBodies {

	private static final int MAX_DEPTH = 64;

	private RequestBodies() {
	}

	static byte[] normalize(byte[] body, @Nullable String contentType, Set<String> ignored) {
		String type = (contentType != null) ? contentType.toLowerCase(Locale.ROOT) : "";
		if (type.contains("json")) {
			try {
				Object value = new JsonReader(new String(body, StandardCharsets.UTF_8)).readDocument();
				if (value instanceof Map<?, ?> map) {
					map.keySet().removeIf((k) -> ignored.contains(((String) k).toLowerCase(Locale.ROOT)));
				}
				StringBuilder out = new StringBuilder(body.length);
				write(value, out);
				return out.toString().getBytes(StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				return body;
			}
		}
		if (type.startsWith("application/x-www-form-urlencoded")) {
			List<String> fields = new ArrayList<>();
			for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
				String name = (pair.indexOf('=') >= 0) ? pair.substring(0, pair.indexOf('=')) : pair;
				if (!pair.isEmpty() && !ignored.contains(name.toLowerCase(Locale.ROOT))) {
					fields.add(pair);
				}
			}
			fields.sort(null);
			return String.join("&", fields).getBytes(StandardCharsets.UTF_8);
		}
		return body;
	}

	private static void write(@Nullable Object value, StringBuilder out) {
		if (value instanceof Map<?, ?> map) {
			out.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				out.append(first ? "" : ",");
				writeString((String) entry.getKey(), out);
				out.append(':');
				write(entry.getValue(), out);
				first = false;
			}
			out.append('}');
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			for (int i = 0; i < list.size(); i++) {
				out.append(i > 0 ? "," : "");
				write(list.get(i), out);
			}
			out.append(']');
		}
		else if (value instanceof String text) {
			writeString(text, out);
		}
		else {
			out.append(value);
		}
	}

	private static void writeString(String text, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		out.append('"');
	}

	/** A small strict JSON reader; numbers, booleans and null are kept as their literal text. */
	private static final class JsonReader {

		private final String text;

		private int pos;

		JsonReader(String text) {
			this.text = text;
		}

		Object readDocument() {
			Object value = read(0);
			skipSpace();
			if (this.pos != this.text.length()) {
				throw new IllegalArgumentException("trailing data");
			}
			return value;
		}

		private Object read(int depth) {
			if (depth > MAX_DEPTH) {
				throw new IllegalArgumentException("too deep");
			}
			skipSpace();
			if (this.pos >= this.text.length()) {
				throw new IllegalArgumentException("end of input");
			}
			char c = this.text.charAt(this.pos);
			if (c == '{') {
				this.pos++;
				TreeMap<String, Object> map = new TreeMap<>();
				skipSpace();
				if (peek() == '}') {
					this.pos++;
					return map;
				}
				while (true) {
					skipSpace();
					String key = readString();
					skipSpace();
					expect(':');
					map.put(key, read(depth + 1));
					skipSpace();
					if (peek() == ',') {
						this.pos++;
						continue;
					}
					expect('}');
					return map;
				}
			}
			if (c == '[') {
				this.pos++;
				List<Object> list = new ArrayList<>();
				skipSpace();
				if (peek() == ']') {
					this.pos++;
					return list;
				}
				while (true) {
					list.add(read(depth + 1));
					skipSpace();
					if (peek() == ',') {
						this.pos++;
						continue;
					}
					expect(']');
					return list;
				}
			}
			if (c == '"') {
				return readString();
			}
			int start = this.pos;
			while (this.pos < this.text.length() && "{}[],: \t\r\n\"".indexOf(this.text.charAt(this.pos)) < 0) {
				this.pos++;
			}
			String literal = this.text.substring(start, this.pos);
			if (literal.isEmpty()) {
				throw new IllegalArgumentException("unexpected character");
			}
			return new Literal(literal);
		}

		private String readString() {
			expect('"');
			StringBuilder value = new StringBuilder();
			while (this.pos < this.text.length()) {
				char c = this.text.charAt(this.pos++);
				if (c == '"') {
					return value.toString();
				}
				if (c == '\\') {
					if (this.pos >= this.text.length()) {
						break;
					}
					char escaped = this.text.charAt(this.pos++);
					switch (escaped) {
						case 'n' -> value.append('\n');
						case 't' -> value.append('\t');
						case 'r' -> value.append('\r');
						case 'b' -> value.append('\b');
						case 'f' -> value.append('\f');
						case 'u' -> {
							if (this.pos + 4 > this.text.length()) {
								throw new IllegalArgumentException("bad escape");
							}
							try {
								value.append((char) Integer.parseInt(this.text.substring(this.pos, this.pos + 4), 16));
							}
							catch (NumberFormatException ex) {
								throw new IllegalArgumentException("bad escape");
							}
							this.pos += 4;
						}
						default -> value.append(escaped);
					}
				}
				else {
					value.append(c);
				}
			}
			throw new IllegalArgumentException("unterminated string");
		}

		private char peek() {
			return (this.pos < this.text.length()) ? this.text.charAt(this.pos) : 0;
		}

		private void expect(char c) {
			if (peek() != c) {
				throw new IllegalArgumentException("expected " + c);
			}
			this.pos++;
		}

		private void skipSpace() {
			while (this.pos < this.text.length() && " \t\r\n".indexOf(this.text.charAt(this.pos)) >= 0) {
				this.pos++;
			}
		}

	}

	private record Literal(String text) {

		@Override
		public String toString() {
			return this.text;
		}

	}

}
