package io.github.httpcache.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.HttpCache;
import io.github.httpcache.client.CollapseMode;
import io.github.httpcache.client.HttpCacheEngine;
import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.internal.core.Authority;
import io.github.httpcache.internal.core.CacheSettings;
import io.github.httpcache.internal.core.Credentials;
import io.github.httpcache.internal.core.UrlExpiration;
import io.github.httpcache.internal.store.InMemoryCacheStore;
import io.github.httpcache.internal.store.NearCacheStore;
import io.github.httpcache.internal.store.RedisCacheStore;
import io.github.httpcache.store.CacheStore;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code httpcache} actuator endpoint: shows the cache's effective settings and counters, what is
 * stored for a URL, and evicts a URL or clears the cache.
 * <ul>
 * <li>{@code GET /actuator/httpcache}: settings and counters;</li>
 * <li>{@code GET /actuator/httpcache/entries?url=…}: the entries stored for a URL (status, headers,
 * created, expires; never bodies or credentials);</li>
 * <li>{@code DELETE /actuator/httpcache?url=…}: evicts every entry of a URL;</li>
 * <li>{@code DELETE /actuator/httpcache}: clears the cache; the Redis store removes only keys under
 * its prefix, with {@code SCAN} and {@code UNLINK}, never {@code FLUSHDB}.</li>
 * </ul>
 * Reads are allowed by default; the two {@code DELETE} operations change what every instance serves,
 * so they need {@code management.endpoint.httpcache.access=unrestricted}.
 */
@Endpoint(id = "httpcache", defaultAccess = Access.READ_ONLY)
public class HttpCacheEndpoint {

	/** The selector of the lookup operation: {@code /actuator/httpcache/entries}. */
	static final String ENTRIES = "entries";

	/** Response headers that carry credentials; they are never shown. */
	private static final Set<String> CREDENTIAL_HEADERS = Set.of("set-cookie", "set-cookie2", "authorization",
			"proxy-authorization", "cookie", "x-api-key", "www-authenticate", "proxy-authenticate");

	private final HttpCacheEngine engine;

	private final HttpCacheCounters counters;

	private final HttpCache httpCache;

	HttpCacheEndpoint(HttpCacheEngine engine, HttpCacheCounters counters) {
		this(engine, counters, new HttpCache(engine));
	}

	HttpCacheEndpoint(HttpCacheEngine engine, HttpCacheCounters counters, HttpCache httpCache) {
		this.engine = engine;
		this.counters = counters;
		this.httpCache = httpCache;
	}

	/** The effective settings and the counters since start-up. */
	@ReadOperation
	public CacheDescriptor cache() {
		CacheStore store = NearCacheStore.unwrap(CacheStoreDecorator.undecorated(this.engine.store()));
		String keyPrefix = (store instanceof RedisCacheStore redis) ? redis.prefix() : null;
		return new CacheDescriptor(this.engine.policy().settings().cacheName(), storeKind(store), keyPrefix,
				SettingsDescriptor.of(this.engine.policy().settings(), this.engine.collapse(),
						this.engine.policy().keys().credentials()),
				new CountersDescriptor(this.counters.requests(), this.counters.revalidations(),
						this.counters.storeCalls()));
	}

	/**
	 * What is stored for a URL, every method, variant and credential included.
	 * @param selector must be {@code entries}
	 * @param url the URL, as a client would request it
	 * @return the entries, or {@code null} (404) for another selector
	 */
	@ReadOperation
	public @Nullable EntriesDescriptor entries(@Selector String selector, String url) {
		if (!ENTRIES.equals(selector)) {
			return null;
		}
		List<EntryDescriptor> entries = this.httpCache.entries(uri(url).toString())
			.stream()
			.map((entry) -> EntryDescriptor.of(entry, this.engine.policy().keys().credentials()))
			.toList();
		return new EntriesDescriptor(this.engine.policy().keys().normalizeUrl(uri(url)), entries);
	}

	/**
	 * Evicts a URL's entries or, without a URL, clears the cache.
	 * @param url the URL whose entries to evict, or {@code null} to clear everything the cache stored
	 */
	@DeleteOperation
	public void evict(@Nullable String url) {
		if (url == null) {
			this.httpCache.clear();
		}
		else {
			this.httpCache.evict(uri(url).toString());
		}
	}

	/** Parses the URL; a missing scheme means {@code http}, as a user might type it. */
	static URI uri(String url) {
		String text = url.trim();
		if (!text.contains("://")) {
			text = "http://" + text;
		}
		try {
			URI uri = new URI(text);
			if (Authority.of(uri).host().isEmpty()) {
				throw new InvalidEndpointRequestException("Not an absolute URL with a host: " + url,
						"url must be an absolute URL such as https://api.example.com/users/1");
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new InvalidEndpointRequestException("Not a URL: " + url, "url is not a valid URL: " + ex.getReason());
		}
	}

	private static String storeKind(CacheStore store) {
		if (store instanceof RedisCacheStore) {
			return "redis";
		}
		if (store instanceof InMemoryCacheStore) {
			return "memory";
		}
		return store.getClass().getName();
	}

	/**
	 * The cache as the endpoint shows it.
	 *
	 * @param name the cache name, as in {@code Cache-Status} and the {@code cache} tag
	 * @param store {@code redis}, {@code memory} or the class of a custom store
	 * @param keyPrefix the namespace of the Redis keys, or {@code null} for other stores
	 * @param settings the effective settings
	 * @param counters what the cache did since start-up
	 */
	public record CacheDescriptor(String name, String store, @Nullable String keyPrefix, SettingsDescriptor settings,
			CountersDescriptor counters) implements OperationResponseBody {

	}

	/**
	 * The effective settings, in the forms and JSON types the properties are written in: booleans as
	 * booleans, durations, expirations and sizes as in {@code application.yml} ({@code 1m}, never
	 * {@code PT1M}; {@code 10MB}).
	 *
	 * @param expireAfter the session-wide expiration
	 * @param urlsExpireAfter URL glob to expiration, in order
	 * @param cacheControl whether response headers set expiration
	 * @param allowableCodes status codes that may be stored
	 * @param allowableMethods methods that may be served from and stored in the cache
	 * @param ignoredParameters parameters left out of the key
	 * @param matchHeaders request headers that must match
	 * @param staleIfError {@code false}, {@code true} (JSON booleans) or the longest staleness accepted
	 * (a duration such as {@code "10m"}), as the property is written
	 * @param staleWhileRevalidate {@code false}, {@code true} or the longest staleness accepted, as
	 * {@code staleIfError}
	 * @param shared whether shared-cache rules apply
	 * @param maxEntrySize largest stored body, as {@code max-entry-size} is written ({@code 10MB})
	 * @param collapse how concurrent requests for the same response are collapsed: {@code local},
	 * {@code redis} or {@code off}
	 * @param credentialHeaders request headers that enter the key only as a keyed digest (names only)
	 * @param credentialParameters query parameters that enter the key only as a keyed digest and are
	 * removed from every URL shown (names only)
	 */
	public record SettingsDescriptor(String expireAfter, Map<String, String> urlsExpireAfter, boolean cacheControl,
			List<Integer> allowableCodes, List<String> allowableMethods, List<String> ignoredParameters,
			List<String> matchHeaders, Object staleIfError, Object staleWhileRevalidate, boolean shared,
			String maxEntrySize, String collapse, List<String> credentialHeaders, List<String> credentialParameters) {

		static SettingsDescriptor of(CacheSettings settings, CollapseMode collapse) {
			return of(settings, collapse, Credentials.defaults());
		}

		static SettingsDescriptor of(CacheSettings settings, CollapseMode collapse, Credentials credentials) {
			Map<String, String> rules = new LinkedHashMap<>();
			for (UrlExpiration rule : settings.urlsExpireAfter()) {
				rules.putIfAbsent(rule.pattern(), AsWritten.expiration(rule.expiration()));
			}
			return new SettingsDescriptor(AsWritten.expiration(settings.expireAfter()), rules, settings.cacheControl(),
					settings.allowableCodes().stream().sorted().toList(),
					settings.allowableMethods().stream().sorted().toList(),
					settings.ignoredParameters().stream().sorted().toList(), settings.matchHeaders(),
					staleWindow(settings.staleIfError()), staleWindow(settings.staleWhileRevalidate()),
					settings.shared(), AsWritten.dataSize(settings.maxEntrySize()), collapse.name().toLowerCase(Locale.ROOT),
					credentials.headers(), credentials.parameters().stream().sorted().toList());
		}

		/** {@code false}, {@code true} or a duration, as {@code stale-if-error} is written. */
		private static Object staleWindow(java.time.@Nullable Duration window) {
			if (window == null) {
				return false;
			}
			return window.equals(CacheSettings.UNLIMITED) ? (Object) true : AsWritten.duration(window);
		}

	}

	/**
	 * What the cache did since start-up, by the tag values of its meters.
	 *
	 * @param requests caller requests by {@code result}
	 * @param revalidations revalidations by {@code outcome}
	 * @param storeCalls store calls by {@code outcome}
	 */
	public record CountersDescriptor(Map<String, Long> requests, Map<String, Long> revalidations,
			Map<String, Long> storeCalls) {

	}

	/**
	 * The entries stored for a URL.
	 *
	 * @param url the URL as the cache normalises it
	 * @param entries one per stored method, credential hash and variant
	 */
	public record EntriesDescriptor(String url, List<EntryDescriptor> entries) implements OperationResponseBody {

	}

	/**
	 * One stored response, without its body.
	 *
	 * @param method the request method that stored it
	 * @param url the normalised URL
	 * @param status the stored status code
	 * @param headers the stored response headers, without those that carry credentials
	 * @param bodySize the size of the stored body, in bytes
	 * @param created when it was first stored
	 * @param responseTime when its response was received or last revalidated
	 * @param expires when it stops being fresh, or {@code null} for never
	 */
	public record EntryDescriptor(String method, String url, int status, Map<String, List<String>> headers,
			int bodySize, Instant created, Instant responseTime, @Nullable Instant expires) {

		static EntryDescriptor of(CacheEntry entry, Credentials credentials) {
			Map<String, List<String>> headers = new LinkedHashMap<>();
			entry.headers().forEach((name, values) -> {
				if (!CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !credentials.isHeader(name)) {
					headers.put(name, List.copyOf(values));
				}
			});
			return new EntryDescriptor(entry.method(), entry.url(), entry.status(), headers, entry.body().length,
					entry.created(), entry.responseTime(), entry.expires());
		}

	}

}
