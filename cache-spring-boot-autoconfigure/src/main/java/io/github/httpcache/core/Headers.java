package io.github.httpcache.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

/**
 * Immutable, ordered header fields with case-insensitive names (RFC 9110 §5.1), the core's own type
 * so that decisions do not depend on any HTTP client library.
 */
public final class Headers {

	private static final Headers EMPTY = new Headers(Map.of());

	/** Lower-case name to the field as first seen: original name and its values in order. */
	private final Map<String, Field> fields;

	private Headers(Map<String, Field> fields) {
		this.fields = fields;
	}

	public static Headers empty() {
		return EMPTY;
	}

	/** Copies the given map; names are compared without case, values keep their order. */
	public static Headers of(Map<String, ? extends List<String>> map) {
		Builder builder = builder();
		map.forEach((name, values) -> {
			for (String value : values) {
				builder.add(name, value);
			}
		});
		return builder.build();
	}

	/** Headers from alternating names and values, for tests and small literals. */
	public static Headers of(String... namesAndValues) {
		if (namesAndValues.length % 2 != 0) {
			throw new IllegalArgumentException("'namesAndValues' must hold pairs");
		}
		Builder builder = builder();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			builder.add(namesAndValues[i], namesAndValues[i + 1]);
		}
		return builder.build();
	}

	public static Builder builder() {
		return new Builder(new LinkedHashMap<>());
	}

	public Builder toBuilder() {
		LinkedHashMap<String, Field> copy = new LinkedHashMap<>();
		this.fields.forEach((key, field) -> copy.put(key, new Field(field.name, new ArrayList<>(field.values))));
		return new Builder(copy);
	}

	/** Every value of the field, in order; empty when absent. */
	public List<String> all(String name) {
		Field field = this.fields.get(key(name));
		return (field != null) ? Collections.unmodifiableList(field.values) : List.of();
	}

	/** The first value of the field, or {@code null} when absent. */
	public @Nullable String first(String name) {
		List<String> values = all(name);
		return values.isEmpty() ? null : values.get(0);
	}

	/** The field's values joined as one comma-separated list (RFC 9110 §5.3), or {@code null}. */
	public @Nullable String joined(String name) {
		List<String> values = all(name);
		return values.isEmpty() ? null : String.join(", ", values);
	}

	public boolean contains(String name) {
		return this.fields.containsKey(key(name));
	}

	public boolean isEmpty() {
		return this.fields.isEmpty();
	}

	/** Field names as first written. */
	public Set<String> names() {
		Set<String> names = new java.util.LinkedHashSet<>();
		this.fields.values().forEach((field) -> names.add(field.name));
		return names;
	}

	public void forEach(BiConsumer<String, List<String>> action) {
		this.fields.values().forEach((field) -> action.accept(field.name, Collections.unmodifiableList(field.values)));
	}

	public Headers with(String name, String value) {
		return toBuilder().set(name, value).build();
	}

	public Headers without(String name) {
		if (!contains(name)) {
			return this;
		}
		return toBuilder().remove(name).build();
	}

	@Override
	public boolean equals(Object other) {
		if (!(other instanceof Headers that)) {
			return false;
		}
		if (!this.fields.keySet().equals(that.fields.keySet())) {
			return false;
		}
		for (Map.Entry<String, Field> entry : this.fields.entrySet()) {
			if (!entry.getValue().values.equals(that.fields.get(entry.getKey()).values)) {
				return false;
			}
		}
		return true;
	}

	@Override
	public int hashCode() {
		return this.fields.keySet().hashCode();
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("{");
		forEach((name, values) -> text.append(text.length() > 1 ? ", " : "").append(name).append('=').append(values));
		return text.append('}').toString();
	}

	static String key(String name) {
		return name.toLowerCase(Locale.ROOT);
	}

	private record Field(String name, List<String> values) {
	}

	/** Collects fields, then freezes them. */
	public static final class Builder {

		private final LinkedHashMap<String, Field> fields;

		private Builder(LinkedHashMap<String, Field> fields) {
			this.fields = fields;
		}

		public Builder add(String name, String value) {
			this.fields.computeIfAbsent(key(name), (k) -> new Field(name, new ArrayList<>())).values.add(value);
			return this;
		}

		public Builder set(String name, String value) {
			remove(name);
			return add(name, value);
		}

		public Builder setAll(String name, List<String> values) {
			remove(name);
			values.forEach((value) -> add(name, value));
			return this;
		}

		public Builder remove(String name) {
			this.fields.remove(key(name));
			return this;
		}

		public Headers build() {
			if (this.fields.isEmpty()) {
				return EMPTY;
			}
			LinkedHashMap<String, Field> frozen = new LinkedHashMap<>();
			this.fields.forEach((key, field) -> frozen.put(key, new Field(field.name, List.copyOf(field.values))));
			return new Headers(Collections.unmodifiableMap(frozen));
		}

	}

}
