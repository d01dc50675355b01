package io.github.httpcache.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.client.CollapseMode;
import io.github.httpcache.core.Expiration;
import io.github.httpcache.internal.core.CacheSettings;
import io.github.httpcache.internal.core.Credentials;
import io.github.httpcache.internal.core.KeySecret;
import io.github.httpcache.internal.core.StatusCodes;
import io.github.httpcache.internal.core.StatusExpiration;
import io.github.httpcache.internal.core.UrlExpiration;
import io.github.httpcache.internal.store.InMemoryCacheStore;
import io.github.httpcache.internal.store.RedisCacheStore;
import io.github.httpcache.internal.store.StoredKeySecret;
import io.github.httpcache.store.CacheStore;

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
		Expiration expireAfter = properties.getExpireAfter();
		List<UrlExpiration> rules = new ArrayList<>();
		List<HttpCacheProperties.UrlRule> urlRules = properties.getUrlRules();
		for (int i = 0; i < urlRules.size(); i++) {
			HttpCacheProperties.UrlRule rule = urlRules.get(i);
			String name = "http.cache.url-rules[" + i + "]";
			if (rule.getPattern() == null || rule.getExpireAfter() == null) {
				throw new InvalidHttpCacheSettingException(name, null, "Each rule needs both 'pattern' and 'expire-after'.",
						"Give " + name + " both a 'pattern' (a URL glob) and an 'expire-after' (e.g. '10m').");
			}
			rules.add(urlExpiration(name + ".pattern", rule.getPattern(), rule.getExpireAfter()));
		}
		for (Map.Entry<String, String> rule : properties.getUrlsExpireAfter().entrySet()) {
			rules.add(urlExpiration("http.cache.urls-expire-after", rule.getKey(),
					expiration("http.cache.urls-expire-after[" + rule.getKey() + "]", rule.getValue())));
		}
		StatusCodes allowable;
		try {
			allowable = StatusCodes.parse(properties.getAllowableCodes());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidHttpCacheSettingException("http.cache.allowable-codes",
					String.join(",", properties.getAllowableCodes()), "Accepted forms: " + StatusCodes.ACCEPTED_FORMS + ".",
					"List status codes ('200', '404'), classes ('2xx') or 'any', e.g. 'http.cache.allowable-codes=200,404'.");
		}
		List<StatusExpiration> statusRules = new ArrayList<>();
		for (Map.Entry<String, Expiration> rule : properties.getStatusExpireAfter().entrySet()) {
			Expiration expiration = rule.getValue();
			try {
				statusRules.add(new StatusExpiration(rule.getKey(), expiration));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidHttpCacheSettingException("http.cache.status-expire-after", rule.getKey(),
						"Keys are a status code from 100 to 599 ('404') or a class ('4xx').",
						"Write the key as a status code or a class, e.g. 'http.cache.status-expire-after.404=1m' or "
								+ "'http.cache.status-expire-after.5xx=10s'.");
			}
		}
		for (String method : properties.getAllowableMethods()) {
			if (method == null || !method.matches("[A-Za-z]+")) {
				throw new InvalidHttpCacheSettingException("http.cache.allowable-methods", method,
						"Methods are tokens such as GET, HEAD or POST.",
						"List method names only, e.g. 'http.cache.allowable-methods=GET,HEAD,QUERY'.");
			}
		}
		long maxEntrySize = properties.getMaxEntrySize().toBytes();
		if (maxEntrySize < 0) {
			throw new InvalidHttpCacheSettingException("http.cache.max-entry-size",
					properties.getMaxEntrySize(), "The size must not be negative.",
					"Set a size such as '10MB' (the default), or '0' to store bodiless responses only.");
		}
		return new CacheSettings("http-cache", expireAfter, rules, properties.isCacheControl(), allowable.codes(),
				new LinkedHashSet<>(properties.getAllowableMethods()),
				new LinkedHashSet<>(properties.getIgnoredParameters()), properties.getMatchHeaders(),
				properties.getStaleIfError().duration(), properties.getStaleWhileRevalidate().duration(),
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
		checkCredentialNames(properties);
		return Credentials.of(properties.getCredentialHeaders(), properties.getCredentialParameters(),
				keySecret(properties, store));
	}

	/**
	 * Every check that needs nothing but the properties themselves. It runs when they are bound (see
	 * {@link PropertiesBindingConfiguration}), so a bad value fails binding, not a bean method; the
	 * checks that depend on the store in use run when that store is created.
	 */
	static void validate(HttpCacheProperties properties) {
		map(properties);
		checkCredentialNames(properties);
		if (properties.getKeySecret() != null) {
			checkedKeySecret(properties.getKeySecret());
		}
	}

	private static void checkCredentialNames(HttpCacheProperties properties) {
		for (String header : properties.getCredentialHeaders()) {
			if (header == null || !header.trim().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
				throw new InvalidHttpCacheSettingException("http.cache.credential-headers", header,
						"Header names are tokens such as X-Auth-Token (RFC 9110 §5.1).",
						"List header names without spaces or values, e.g. 'http.cache.credential-headers=X-Tenant-Token'.");
			}
		}
		for (String parameter : properties.getCredentialParameters()) {
			if (parameter == null || parameter.isBlank()) {
				throw new InvalidHttpCacheSettingException("http.cache.credential-parameters", parameter,
						"Parameter names must not be blank.",
						"Remove the empty entry from http.cache.credential-parameters.");
			}
		}
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
		return KeySecret.of(checkedKeySecret(configured));
	}

	private static byte[] checkedKeySecret(String configured) {
		byte[] secret = configured.getBytes(StandardCharsets.UTF_8);
		if (secret.length < MIN_KEY_SECRET_BYTES) {
			// The value itself is never echoed: it is a secret, even a bad one.
			throw new InvalidHttpCacheSettingException("http.cache.key-secret", "(hidden)",
					"The secret must be at least " + MIN_KEY_SECRET_BYTES + " bytes long.",
					"Use a random value of 32 bytes or more (e.g. 'openssl rand -base64 32'), the same on every "
							+ "instance, or remove http.cache.key-secret to let the store keep a generated one.");
		}
		return secret;
	}

	private static UrlExpiration urlExpiration(String patternProperty, String pattern, Expiration expiration) {
		UrlGlob glob;
		try {
			glob = UrlGlob.parse(pattern);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidHttpCacheSettingException(patternProperty, pattern, "Not a URL glob: " + ex.getMessage() + ".",
					"Use [scheme://]host[:port][/path] with '*' within a segment and '**' across, e.g. "
							+ "'api.example.com/users/*' or '127.0.0.1:8080/v1/**'; in a properties or YAML map key, "
							+ "write it in brackets ('[api.example.com/users/*]') or use http.cache.url-rules.");
		}
		return new UrlExpiration(pattern, glob, expiration);
	}

	/**
	 * {@code http.cache.collapse}; {@code redis} needs a store that can hold a lease, which the
	 * in-memory store, private to one instance, cannot.
	 */
	static CollapseMode collapse(HttpCacheProperties properties, CacheStore store) {
		CollapseMode collapse = properties.getCollapse();
		if (collapse == CollapseMode.REDIS && store instanceof InMemoryCacheStore) {
			throw new InvalidHttpCacheSettingException("http.cache.collapse", "redis",
					"Collapsing across instances needs the Redis store, and the cache stores in memory.",
					"Use 'local' or 'off', or store in Redis (http.cache.store=redis).");
		}
		return collapse;
	}

	/**
	 * An expiration written as text, for callers that read settings the binder did not convert; the
	 * properties themselves bind through {@link SettingConverters}.
	 */
	static Expiration expiration(String property, String value) {
		try {
			return SettingConverters.expiration(value);
		}
		catch (InvalidHttpCacheValueException ex) {
			throw new InvalidHttpCacheSettingException(property, value, ex.getMessage(), ex.getAction());
		}
	}

	/** {@code true} (any staleness), {@code false} (off) or a duration, written as text (see {@link #expiration}). */
	static @Nullable Duration staleWindow(String property, String value) {
		try {
			return SettingConverters.staleWindow(value).duration();
		}
		catch (InvalidHttpCacheValueException ex) {
			throw new InvalidHttpCacheSettingException(property, value, ex.getMessage(), ex.getAction());
		}
	}

}
