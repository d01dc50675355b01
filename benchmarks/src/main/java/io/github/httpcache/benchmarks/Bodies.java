package io.github.httpcache.benchmarks;

import java.nio.charset.StandardCharsets;

/** Deterministic JSON documents of an exact size in bytes, shaped like a typical API list response. */
final class Bodies {

	private Bodies() {
	}

	/** A JSON object of exactly {@code size} UTF-8 bytes (at least 64). */
	static byte[] json(int size) {
		if (size < 64) {
			throw new IllegalArgumentException("'size' must be at least 64");
		}
		String tail = "],\"pad\":\"\"}";
		StringBuilder json = new StringBuilder(size).append("{\"items\":[");
		for (int id = 0;; id++) {
			String item = ((id > 0) ? "," : "") + "{\"id\":" + id + ",\"name\":\"item-" + id
					+ "\",\"tags\":[\"cache\",\"http\"],\"price\":" + (id % 100) + "." + (id % 97) + ",\"active\":"
					+ (id % 2 == 0) + "}";
			if (json.length() + item.length() + tail.length() > size) {
				break;
			}
			json.append(item);
		}
		json.append("],\"pad\":\"");
		json.append("x".repeat(size - json.length() - 2));
		json.append("\"}");
		byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
		if (bytes.length != size) {
			throw new IllegalStateException("Built " + bytes.length + " bytes instead of " + size);
		}
		return bytes;
	}

}
