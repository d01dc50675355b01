package io.github.httpcache.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.client.CollapseMode;
import io.github.httpcache.core.CacheSettings;
import io.github.httpcache.core.Credentials;
import io.github.httpcache.core.Expiration;
import io.github.httpcache.core.KeySecret;
import io.github.httpcache.core.StatusCodes;
import io.github.httpcache.core.StatusExpiration;
import io.github.httpcache.core.UrlExpiration;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.InMemoryCacheStore;
import io.github.httpcache.store.RedisCacheStore;
import io.github.httpcache.store.StoredKeySecret;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Maps bound {@link HttpCacheProperties} into the core's validated {@link CacheSettings}; an invalid
 * value fails start-up with a message that names the property and the accepted forms.
 */
final class CacheSettingsMapper {

	private static final org.apache.commons.logging.Log logger = org.apache.commons.logging.LogFactory
		.getLog(CacheSettingsMapper.class);

	/** Shortest {@code http.cache.key-secret}: 128 bits, the strength of the digests it keys. */
	static final int MIN_KEY_SECRET_BYTES = 16;

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
		StatusCodes allowable;
		try {
			allowable = StatusCodes.parse(properties.getAllowableCodes());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("http.cache.allowable-codes",
					String.join(",", properties.getAllowableCodes()), "Accepted forms: " + StatusCodes.ACCEPTED_FORMS + ".");
		}
		List<StatusExpiration> statusRules = new ArrayList<>();
		for (Map.Entry<String, String> rule : properties.getStatusExpireAfter().entrySet()) {
			String name = "http.cache.status-expire-after[" + rule.getKey() + "]";
			Expiration expiration = expiration(name, rule.getValue());
			try {
				statusRules.add(new StatusExpiration(rule.getKey(), expiration));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException("http.cache.status-expire-after", rule.getKey(),
						"Keys are a status code from 100 to 599 ('404') or a class ('4xx').");
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
		return new CacheSettings("http-cache", expireAfter, rules, properties.isCacheControl(), allowable.codes(),
				new LinkedHashSet<>(properties.getAllowableMethods()),
				new LinkedHashSet<>(properties.getIgnoredParameters()), properties.getMatchHeaders(),
				staleWindow("http.cache.stale-if-error", properties.getStaleIfError()),
				staleWindow("http.cache.stale-while-revalidate", properties.getStaleWhileRevalidate()),
				properties.isShared(), maxEntrySize, allowable, statusRules, properties.isAlwaysRevalidate(),
				properties.isOnlyIfCached(), properties.isReadOnly());
	}

	/**
	 * Which request fields carry credentials ({@code http.cache.credential-headers},
	 * {@code http.cache.credential-parameters}, added to the defaults) and the secret that keys their
	 * digests: {@code http.cache.key-secret} when set, else the one kept in the store (read now; if the
	 * store cannot be reached, requests with credentials bypass the cache until it can).
	 */
	static Credentials credentials(HttpCacheProperties properties, CacheStore store) {
		for (String header : properties.getCredentialHeaders()) {
			if (header == null || !header.trim().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
				throw new InvalidConfigurationPropertyValueException("http.cache.credential-headers", header,
						"Header names are tokens such as X-Auth-Token (RFC 9110 §5.1).");
			}
		}
		for (String parameter : properties.getCredentialParameters()) {
			if (parameter == null || parameter.isBlank()) {
				throw new InvalidConfigurationPropertyValueException("http.cache.credential-parameters", parameter,
						"Parameter names must not be blank.");
			}
		}
		return Credentials.of(properties.getCredentialHeaders(), properties.getCredentialParameters(),
				keySecret(properties, store));
	}

	private static KeySecret keySecret(HttpCacheProperties properties, CacheStore store) {
		String configured = properties.getKeySecret();
		if (configured == null) {
			if (!(store instanceof InMemoryCacheStore) && !(store instanceof RedisCacheStore)) {
				// CacheStore.keySecret's default keeps nothing: fine for a private store, silent splitting
				// for a shared one. Say so once, at start-up.
				logger.info("The HTTP cache store " + store.getClass().getName() + " is the application's own: "
						+ "unless it implements CacheStore.keySecret, each instance keys credentials with a secret "
						+ "of its own (no entry with credentials is shared between instances). Set "
						+ "http.cache.key-secret to share them.");
			}
			StoredKeySecret stored = new StoredKeySecret(store);
			stored.resolve();
			return stored;
		}
		byte[] secret = configured.getBytes(StandardCharsets.UTF_8);
		if (secret.length < MIN_KEY_SECRET_BYTES) {
			// The value itself is never echoed: it is a secret, even a bad one.
			throw new InvalidConfigurationPropertyValueException("http.cache.key-secret", "(hidden)",
					"The secret must be at least " + MIN_KEY_SECRET_BYTES + " bytes long; use a random value of 32 "
							+ "bytes or more (e.g. 'openssl rand -base64 32'), the same on every instance.");
		}
		return KeySecret.of(secret);
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
				"Accepted forms: 'true', 'false' or a duration in any Spring Boot form, such as '500ms', '30s', "
						+ "'10m' or 'PT1H'.");
	}

}
