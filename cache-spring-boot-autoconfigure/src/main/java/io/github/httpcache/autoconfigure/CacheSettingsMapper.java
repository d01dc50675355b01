package io.github.httpcache.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.client.CollapseMode;
import io.github.httpcache.core.CacheSettings;
import io.github.httpcache.core.Expiration;
import io.github.httpcache.core.UrlExpiration;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.InMemoryCacheStore;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Maps bound {@link HttpCacheProperties} into the core's validated {@link CacheSettings}; an invalid
 * value fails start-up with a message that names the property and the accepted forms.
 */
final class CacheSettingsMapper {

	private CacheSettingsMapper() {
	}

	static CacheSettings map(HttpCacheProperties properties) {
		Expiration expireAfter = expiration("http.cache.expire-after", properties.getExpireAfter());
		List<UrlExpiration> rules = new ArrayList<>();
		List<HttpCacheProperties.UrlRule> urlRules = properties.getUrlRules();
		for (int i = 0; i < urlRules.size(); i++) {
			HttpCacheProperties.UrlRule rule = urlRules.get(i);
			String name = "http.cache.url-rules[" + i + "]";
			if (rule.getPattern() == null || rule.getExpireAfter() == null) {
				throw new InvalidConfigurationPropertyValueException(name, null,
						"Each rule needs both 'pattern' and 'expire-after'.");
			}
			rules.add(urlExpiration(name + ".pattern", rule.getPattern(), name + ".expire-after",
					rule.getExpireAfter()));
		}
		for (Map.Entry<String, String> rule : properties.getUrlsExpireAfter().entrySet()) {
			rules.add(urlExpiration("http.cache.urls-expire-after", rule.getKey(),
					"http.cache.urls-expire-after[" + rule.getKey() + "]", rule.getValue()));
		}
		for (Integer code : properties.getAllowableCodes()) {
			if (code == null || code < 100 || code > 599) {
				throw new InvalidConfigurationPropertyValueException("http.cache.allowable-codes", code,
						"Status codes must be between 100 and 599.");
			}
		}
		for (String method : properties.getAllowableMethods()) {
			if (method == null || !method.matches("[A-Za-z]+")) {
				throw new InvalidConfigurationPropertyValueException("http.cache.allowable-methods", method,
						"Methods are tokens such as GET, HEAD or POST.");
			}
		}
		long maxEntrySize = properties.getMaxEntrySize().toBytes();
		if (maxEntrySize < 0) {
			throw new InvalidConfigurationPropertyValueException("http.cache.max-entry-size",
					properties.getMaxEntrySize(), "The size must not be negative.");
		}
		return new CacheSettings("http-cache", expireAfter, rules, properties.isCacheControl(),
				new LinkedHashSet<>(properties.getAllowableCodes()), new LinkedHashSet<>(properties.getAllowableMethods()),
				new LinkedHashSet<>(properties.getIgnoredParameters()), properties.getMatchHeaders(),
				staleWindow("http.cache.stale-if-error", properties.getStaleIfError()),
				staleWindow("http.cache.stale-while-revalidate", properties.getStaleWhileRevalidate()),
				properties.isShared(), maxEntrySize);
	}

	private static UrlExpiration urlExpiration(String patternProperty, String pattern, String expirationProperty,
			String expiration) {
		UrlGlob glob;
		try {
			glob = UrlGlob.parse(pattern);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(patternProperty, pattern, "Not a URL glob: "
					+ ex.getMessage() + ". Use [scheme://]host[:port][/path] with '*' within a segment and '**' across.");
		}
		return new UrlExpiration(pattern, glob, expiration(expirationProperty, expiration));
	}

	/**
	 * {@code http.cache.collapse}; {@code redis} needs a store that can hold a lease, which the
	 * in-memory store, private to one instance, cannot.
	 */
	static CollapseMode collapse(HttpCacheProperties properties, CacheStore store) {
		CollapseMode collapse = properties.getCollapse();
		if (collapse == CollapseMode.REDIS && store instanceof InMemoryCacheStore) {
			throw new InvalidConfigurationPropertyValueException("http.cache.collapse", "redis",
					"Collapsing across instances needs the Redis store, and the cache stores in memory. "
							+ "Use 'local' or 'off', or store in Redis (http.cache.store=redis).");
		}
		return collapse;
	}

	static Expiration expiration(String property, String value) {
		try {
			return Expiration.parse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, value,
					"Accepted forms: " + Expiration.ACCEPTED_FORMS + ".");
		}
	}

	/** {@code true} (any staleness), {@code false} (off) or a duration. */
	static @Nullable Duration staleWindow(String property, String value) {
		String text = value.trim().toLowerCase(Locale.ROOT);
		if (text.equals("false")) {
			return null;
		}
		if (text.equals("true")) {
			return CacheSettings.UNLIMITED;
		}
		try {
			Expiration expiration = Expiration.parse(text);
			if (expiration.duration() != null) {
				return expiration.duration();
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		throw new InvalidConfigurationPropertyValueException(property, value,
				"Accepted forms: 'true', 'false' or a duration such as '30s', '10m' or 'PT1H'.");
	}

}
