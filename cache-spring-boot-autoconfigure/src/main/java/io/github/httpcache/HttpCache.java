package io.github.httpcache;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.httpcache.client.HttpCacheEngine;
import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.internal.core.CacheKeys;
import io.github.httpcache.store.CacheStore;

/**
 * The cache as code sees it, for inspection and eviction; requests-cache's {@code contains()},
 * {@code filter()}, {@code delete(...)}, {@code reset_expiration()} and {@code clear()}. The starter
 * registers one as a bean; the actuator endpoint uses it too.
 * <pre>
 * httpCache.evictMatching("api.example.com/things**");
 * boolean stored = httpCache.contains("https://api.example.com/things/1");
 * </pre>
 * URLs are written as a client requests them (a missing scheme means {@code http}); they are
 * normalised as keys are (query sorted, default port dropped, credentials and ignored parameters
 * removed). Operations that walk every stored URL ({@link #evictMatching}, {@link #deleteExpired},
 * {@link #resetExpiration}) do so in bounded batches ({@code SCAN} with a cursor in Redis, never
 * {@code KEYS}); a store of your own must implement {@link CacheStore#forEachUrlKey} for them. Store
 * failures surface as {@code CacheStoreException}: these are administrative calls, not requests.
 */
public final class HttpCache {

	private final HttpCacheEngine engine;

	/**
	 * A view of the engine's store; the starter creates the bean.
	 * @param engine the engine whose store and keys are used
	 */
	public HttpCache(HttpCacheEngine engine) {
		if (engine == null) {
			throw new IllegalArgumentException("'engine' must not be null");
		}
		this.engine = engine;
	}

	/** Whether anything is stored for the URL, whatever its method, credentials or variant. */
	public boolean contains(String url) {
		return !entries(url).isEmpty();
	}

	/** Every entry stored for the URL, whatever its method, credentials or variant. */
	public List<CacheEntry> entries(String url) {
		return store().entriesForUrl(keys().urlKey(uri(url)));
	}

	/** Evicts every entry of the URL. */
	public void evict(String url) {
		store().evictUrl(keys().urlKey(uri(url)));
	}

	/**
	 * Evicts every stored URL the glob matches, in the {@code urls-expire-after} syntax:
	 * {@code [scheme://]host[:port][/path]}, {@code *} within a segment, {@code **} across.
	 * @param glob the URL glob
	 * @return how many URLs were evicted
	 * @throws IllegalArgumentException for a malformed glob
	 */
	public int evictMatching(String glob) {
		return this.engine.evictMatching(glob);
	}

	/**
	 * Removes the entries that are no longer fresh (requests-cache's {@code delete(expired=True)});
	 * stores otherwise keep them for {@code retain-stale}, to revalidate them or serve them stale.
	 * @return how many entries were removed
	 */
	public int deleteExpired() {
		Instant now = this.engine.clock().instant();
		int[] removed = { 0 };
		store().forEachUrlKey((urlKey) -> {
			List<CacheEntry> entries = store().entriesForUrl(urlKey);
			List<CacheEntry> kept = entries.stream().filter((entry) -> entry.isFresh(now)).toList();
			if (kept.size() < entries.size()) {
				removed[0] += entries.size() - kept.size();
				rewrite(urlKey, kept);
			}
		});
		return removed[0];
	}

	/**
	 * Gives every stored entry a new expiration, counted from now (requests-cache's
	 * {@code reset_expiration()}): {@code Duration.ZERO} makes them all stale, to be revalidated on
	 * their next use.
	 * @param expireAfter how long from now the entries stay fresh
	 * @return how many entries were updated
	 */
	public int resetExpiration(Duration expireAfter) {
		if (expireAfter == null || expireAfter.isNegative()) {
			throw new IllegalArgumentException("'expireAfter' must not be null or negative");
		}
		Instant expires = this.engine.clock().instant().plus(expireAfter);
		int[] updated = { 0 };
		store().forEachUrlKey((urlKey) -> {
			List<CacheEntry> entries = new ArrayList<>();
			for (CacheEntry entry : store().entriesForUrl(urlKey)) {
				entries.add(entry.revalidated(entry.headers(), entry.requestTime(), entry.responseTime(), expires));
			}
			updated[0] += entries.size();
			rewrite(urlKey, entries);
		});
		return updated[0];
	}

	/** Removes every entry the cache stored (only keys under the Redis prefix; never {@code FLUSHDB}). */
	public void clear() {
		store().clear();
	}

	/** Replaces a URL's entries with the given ones. */
	private void rewrite(String urlKey, List<CacheEntry> entries) {
		store().evictUrl(urlKey);
		for (CacheEntry entry : entries) {
			store().put(new CacheKey(urlKey, entry.requestKey(), entry.url()), entry);
		}
	}

	private CacheStore store() {
		return this.engine.store();
	}

	private CacheKeys keys() {
		return this.engine.policy().keys();
	}

	/**
	 * Parses a URL as a user writes it; a missing scheme means {@code http}.
	 * @throws IllegalArgumentException when it is not an absolute URL with a host
	 */
	static URI uri(String url) {
		String text = url.trim();
		if (!text.contains("://")) {
			text = "http://" + text;
		}
		try {
			URI uri = new URI(text);
			if (uri.getHost() == null) {
				throw new IllegalArgumentException("Not an absolute URL with a host: " + url);
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("Not a URL: " + url + " (" + ex.getReason() + ")", ex);
		}
	}

}
