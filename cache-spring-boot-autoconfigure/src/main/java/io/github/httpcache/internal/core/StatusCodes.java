package io.github.httpcache.internal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * A set of status codes as users write it: single codes ({@code 404}), classes ({@code 4xx}) and, for
 * {@code allowable-codes}, the word {@code any}.
 *
 * @param codes single codes
 * @param classes classes by their first digit ({@code 4} for {@code 4xx})
 * @param any whether every final status the cache can reuse is included ({@link Storability} decides
 * which, as RFC 9111 §3 does)
 */
public record StatusCodes(Set<Integer> codes, Set<Integer> classes, boolean any) {

	/** The accepted forms, for error messages. */
	public static final String ACCEPTED_FORMS = "a status code from 100 to 599 ('404'), a class ('2xx', '4xx') or 'any'";

	public StatusCodes {
		codes = Set.copyOf(codes);
		classes = Set.copyOf(classes);
	}

	/** Exactly these codes. */
	public static StatusCodes of(Set<Integer> codes) {
		return new StatusCodes(codes, Set.of(), false);
	}

	/**
	 * Reads the forms written in properties.
	 * @throws IllegalArgumentException naming the accepted forms for any other text
	 */
	public static StatusCodes parse(List<@Nullable String> forms) {
		Set<Integer> codes = new TreeSet<>();
		Set<Integer> classes = new TreeSet<>();
		boolean any = false;
		for (@Nullable String form : forms) {
			String text = (form != null) ? form.trim().toLowerCase(Locale.ROOT) : "";
			if (text.equals("any")) {
				any = true;
			}
			else {
				Integer statusClass = statusClass(text);
				if (statusClass != null) {
					classes.add(statusClass);
				}
				else {
					codes.add(code(form));
				}
			}
		}
		return new StatusCodes(codes, classes, any);
	}

	/** One code, {@code 404}. */
	public static int code(@Nullable String text) {
		String trimmed = (text != null) ? text.trim() : "";
		if (trimmed.matches("[1-5]\\d\\d")) {
			return Integer.parseInt(trimmed);
		}
		throw new IllegalArgumentException("'" + text + "' is not a status code; use " + ACCEPTED_FORMS);
	}

	/** The first digit of a class such as {@code 4xx}, or {@code null} when the text is not one. */
	static @Nullable Integer statusClass(String text) {
		String lower = text.trim().toLowerCase(Locale.ROOT);
		return lower.matches("[1-5]xx") ? lower.charAt(0) - '0' : null;
	}

	/** Whether the status is listed, as a code or through its class ({@code any} is not consulted). */
	public boolean lists(int status) {
		return this.codes.contains(status) || this.classes.contains(status / 100);
	}

	/** The forms as written back in properties: codes, then classes, then {@code any}. */
	public List<String> forms() {
		List<String> forms = new ArrayList<>();
		new TreeSet<>(this.codes).forEach((code) -> forms.add(code.toString()));
		new TreeSet<>(this.classes).forEach((statusClass) -> forms.add(statusClass + "xx"));
		if (this.any) {
			forms.add("any");
		}
		return forms;
	}

	@Override
	public String toString() {
		return String.join(", ", forms());
	}

}
