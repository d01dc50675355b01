package io.github.httpcache.internal.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.Headers;

/**
 * Which stored responses a validation involves: the entity tags a conditional request lists when
 * several variants are stored (RFC 9111 §4.3.1), and the stored responses a {@code 304 Not Modified}
 * selects for update (RFC 9111 §4.3.4), compared as RFC 9110 §8.8.3.2 says.
 */
final class ValidatorSelection {

	private ValidatorSelection() {
	}

	/**
	 * The {@code If-None-Match} value for a revalidation: the chosen entry's tag first, then those of
	 * every other stored variant, so that the origin may name whichever it would select (RFC 9111
	 * §4.3.1); {@code null} when no entry has an {@code ETag}.
	 */
	public static @Nullable String ifNoneMatch(CacheEntry chosen, List<CacheEntry> stored) {
		List<String> tags = new ArrayList<>();
		addTag(tags, chosen);
		for (CacheEntry entry : stored) {
			addTag(tags, entry);
		}
		return tags.isEmpty() ? null : String.join(", ", tags);
	}

	private static void addTag(List<String> tags, CacheEntry entry) {
		String etag = entry.headers().first("ETag");
		if (etag != null && !etag.isBlank() && !tags.contains(etag.trim())) {
			tags.add(etag.trim());
		}
	}

	/**
	 * The stored responses a {@code 304} selects for update (RFC 9111 §4.3.4): all those with the same
	 * strong validator; else the most recent with the same weak validator ({@code W/} tag or
	 * {@code Last-Modified}); else, when the 304 carries no validator and one response is stored, that
	 * one. Empty when the 304 names nothing stored: it must not update anything.
	 */
	public static List<CacheEntry> selectForUpdate(List<CacheEntry> stored, Headers notModified) {
		String etag = notModified.first("ETag");
		if (etag != null && !isWeak(etag)) {
			return stored.stream().filter((entry) -> strongMatch(etag, entry.headers().first("ETag"))).toList();
		}
		if (etag != null) {
			return mostRecent(stored.stream().filter((entry) -> weakMatch(etag, entry.headers().first("ETag"))).toList());
		}
		String lastModified = notModified.first("Last-Modified");
		if (lastModified != null) {
			Instant modified = HttpDates.parse(lastModified);
			return mostRecent(stored.stream().filter((entry) -> {
				Instant storedModified = HttpDates.parse(entry.headers().first("Last-Modified"));
				return modified != null && modified.equals(storedModified);
			}).toList());
		}
		// No validator at all: unambiguous only when a single response is stored. RFC 9111 §4.3.4 also
		// asks that it lack a validator; origins commonly omit validators from 304s, so we relax that.
		return (stored.size() == 1) ? stored : List.of();
	}

	/**
	 * The stored responses a {@code 304} to the revalidation of {@code revalidated} updates, the one to
	 * answer with first: the revalidated one when the 304 selects it, else the one the origin named.
	 * When the 304 selects nothing (a flow that did not retry), only the revalidated one.
	 */
	public static List<CacheEntry> toUpdate(List<CacheEntry> stored, CacheEntry revalidated, Headers notModified) {
		List<CacheEntry> selected = selectForUpdate(stored, notModified);
		if (selected.isEmpty()) {
			return List.of(revalidated);
		}
		if (!selected.contains(revalidated)) {
			return selected;
		}
		List<CacheEntry> ordered = new ArrayList<>(selected.size());
		ordered.add(revalidated);
		selected.stream().filter((entry) -> !entry.equals(revalidated)).forEach(ordered::add);
		return ordered;
	}

	/**
	 * Why a {@code 304} to our revalidation cannot be used, so that the request must be repeated
	 * without validators, or {@code null} when it can: it names no stored response (RFC 9111 §4.3.4),
	 * or it is older than the response it names.
	 */
	public static @Nullable String whyUnusable(List<CacheEntry> stored, Headers notModified) {
		List<CacheEntry> selected = selectForUpdate(stored, notModified);
		if (selected.isEmpty()) {
			return "the 304 names no stored response";
		}
		if (olderThan(notModified, selected.get(0))) {
			return "the 304 is older than the stored response";
		}
		return null;
	}

	/**
	 * Whether a {@code 304} is older than the stored response it would update, its {@code Date} earlier
	 * than the stored one: it may come from a cache further upstream holding an older representation,
	 * so it must not freshen a newer one (RFC 9111 §4 uses {@code Date} to order responses; RFC 2616
	 * §13.2.6 asked for the request to be repeated).
	 */
	public static boolean olderThan(Headers notModified, CacheEntry entry) {
		Instant received = HttpDates.parse(notModified.first("Date"));
		Instant stored = HttpDates.parse(entry.headers().first("Date"));
		return received != null && stored != null && received.isBefore(stored);
	}

	/** RFC 9110 §8.8.3.2: both tags strong and their opaque tags equal. */
	static boolean strongMatch(String a, @Nullable String b) {
		return b != null && !isWeak(a) && !isWeak(b) && a.trim().equals(b.trim());
	}

	/** RFC 9110 §8.8.3.2: opaque tags equal, whichever is weak. */
	static boolean weakMatch(String a, @Nullable String b) {
		return b != null && opaque(a).equals(opaque(b));
	}

	static boolean isWeak(String etag) {
		return etag.trim().startsWith("W/");
	}

	static String opaque(String etag) {
		String tag = etag.trim();
		return tag.startsWith("W/") ? tag.substring(2) : tag;
	}

	private static List<CacheEntry> mostRecent(List<CacheEntry> matching) {
		return matching.stream().max(Comparator.comparing(CacheEntry::responseTime)).map(List::of).orElse(List.of());
	}

}
