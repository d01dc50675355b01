package io.github.httpcache.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.client.CollapseMode;
import io.github.httpcache.core.Expiration;
import io.github.httpcache.core.StaleWindow;
import io.github.httpcache.internal.core.CacheSettings;
import io.github.httpcache.internal.store.RedisCacheStore;
import io.github.httpcache.internal.store.StoreCallGuard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the HTTP response cache ({@code http.cache.*}).
 * <p>
 * Expirations and stale windows bind to the core's typed values ({@link Expiration},
 * {@link StaleWindow}) through converters, so a bad value fails binding and names the property. A
 * default that the core or a store also applies is read from there ({@link CacheSettings#defaults()},
 * {@link StoreCallGuard}, {@link RedisCacheStore}), so it is written once.
 */
@ConfigurationProperties("http.cache")
public class HttpCacheProperties {

	/**
	 * Whether to cache responses of the HTTP clients built from Spring Boot's builders.
	 */
	private boolean enabled = true;

	/**
	 * Session-wide expiration: a duration in any Spring Boot form ('100us', '1500ms', '30s', 'PT1H',
	 * 'PT0.0001S'), 'never' (or '-1'), '0' (revalidate on every use) or 'do-not-cache'.
	 */
	private Expiration expireAfter = CacheSettings.defaults().expireAfter();

	/**
	 * Ordered map of URL glob (scheme optional, port allowed, '*' within a segment, '**' across) to an
	 * expiration as for expire-after; the first match wins. Write keys in brackets, e.g.
	 * '[api.example.com/users/*]: 10m'.
	 */
	// Values stay text: Spring Boot keeps a dotted key whole ('api.example.com') only for a map of
	// java.lang values; with typed values it would bind 'api' alone. CacheSettingsMapper parses them.
	private Map<String, String> urlsExpireAfter = new LinkedHashMap<>();

	/**
	 * Ordered list of rules, each a URL glob ('pattern') and an expiration as for expire-after
	 * ('expire-after'), tried before the urls-expire-after map; the first match wins. Unlike map keys,
	 * patterns in a list keep their ':', '/' and '*' without brackets.
	 */
	private List<UrlRule> urlRules = new ArrayList<>();

	/**
	 * Whether response headers (Cache-Control, Expires) set expiration, taking priority over every
	 * other expiration setting.
	 */
	private boolean cacheControl = CacheSettings.defaults().cacheControl();

	/**
	 * Status codes of responses that may be stored: codes ('200', '404'), classes ('2xx') or 'any' (RFC
	 * 9111 decides: statuses cacheable by default, and any final status with explicit freshness).
	 */
	private List<String> allowableCodes = new ArrayList<>(List.of("200"));

	/**
	 * Map of status code or class ('404', '4xx') to an expiration as for expire-after, for responses
	 * with that status; a code wins over its class. Ranks after the per-request expiration and before
	 * urls-expire-after. Statuses must also be allowable (allowable-codes).
	 */
	private Map<String, Expiration> statusExpireAfter = new LinkedHashMap<>();

	/**
	 * Whether to revalidate a stored response that has a validator on every use, even while fresh.
	 */
	private boolean alwaysRevalidate = false;

	/**
	 * Whether to answer only from the cache, never calling the origin: a miss or a stale entry is a
	 * 504 Gateway Timeout.
	 */
	private boolean onlyIfCached = false;

	/**
	 * Whether to serve stored responses without ever writing: nothing new is stored, a 304 does not
	 * update the stored response and unsafe methods invalidate nothing.
	 */
	private boolean readOnly = false;

	/**
	 * Methods whose responses may be served from and stored in the cache.
	 */
	private List<String> allowableMethods = new ArrayList<>(List.of("GET", "HEAD"));

	/**
	 * Query parameters, request headers and JSON or form body fields left out of the cache key and
	 * never written to the store.
	 */
	private List<String> ignoredParameters = new ArrayList<>();

	/**
	 * Request headers that, besides those named by Vary, must match for a stored response to be used.
	 */
	private List<String> matchHeaders = new ArrayList<>();

	/**
	 * Request headers that carry credentials, in addition to the defaults (Authorization,
	 * Proxy-Authorization, Cookie, X-API-Key, Api-Key, ApiKey, PRIVATE-TOKEN, X-Auth-Token,
	 * X-Access-Token, X-Amz-Security-Token, X-Goog-Api-Key, Ocp-Apim-Subscription-Key, X-CSRF-Token,
	 * X-XSRF-Token); case-insensitive. They enter the cache key only as a keyed digest, and are never
	 * stored.
	 */
	private List<String> credentialHeaders = new ArrayList<>();

	/**
	 * Query parameters that carry credentials, in addition to the defaults (access_token, id_token,
	 * refresh_token, api_key, apikey, api-key, key, token, auth, sig, signature, client_secret,
	 * password, passwd, secret, X-Amz-Signature, X-Amz-Credential, X-Amz-Security-Token,
	 * X-Goog-Signature, X-Goog-Credential); case-insensitive. They enter the cache key only as a keyed
	 * digest and are removed from every URL the cache stores, logs or shows.
	 */
	private List<String> credentialParameters = new ArrayList<>();

	/**
	 * Secret that keys the credential digests (HMAC-SHA256), at least 16 bytes; the same on every
	 * instance. When unset, one is generated once and kept in the store under the key prefix
	 * ('key-secret'), shared by every instance that uses the store.
	 */
	private @Nullable String keySecret;

	/**
	 * Whether to serve a stale response when the origin fails with a network error or a 5xx: 'true',
	 * 'false' or the longest staleness accepted, as a duration.
	 */
	private StaleWindow staleIfError = StaleWindow.OFF;

	/**
	 * Whether to serve a stale response at once and refresh it in the background: 'true', 'false' or
	 * the longest staleness accepted, as a duration.
	 */
	private StaleWindow staleWhileRevalidate = StaleWindow.OFF;

	/**
	 * How concurrent requests for the same response are collapsed into one origin call: 'local' within
	 * this instance, 'redis' also across instances through a lease in Redis, or 'off'.
	 */
	private CollapseMode collapse = CollapseMode.LOCAL;

	/**
	 * Whether to follow RFC 9111's shared-cache rules: private and authorized responses are not
	 * stored unless allowed, and s-maxage applies.
	 */
	private boolean shared = CacheSettings.defaults().shared();

	/**
	 * Largest response body that is stored; larger bodies pass through uncached.
	 */
	private DataSize maxEntrySize = DataSize.ofBytes(CacheSettings.defaults().maxEntrySize());

	/**
	 * Variants kept per request key (responses that differ by Vary); storing one more deletes the
	 * least recently stored. Bounds what a lookup reads.
	 */
	private int maxVariants = RedisCacheStore.DEFAULT_MAX_VARIANTS;

	/**
	 * Where responses are stored. Defaults to 'redis' when a RedisConnectionFactory is available,
	 * else 'memory'.
	 */
	private @Nullable StoreType store;

	/**
	 * Redis store settings.
	 */
	private final Redis redis = new Redis();

	/**
	 * In-memory store settings.
	 */
	private final Memory memory = new Memory();

	/**
	 * Named policies: map of policy name to settings that override the ones above for the clients of
	 * the HTTP service group of that name, and for clients that select the policy by name
	 * (HttpCacheRequest.policy). Each policy keeps its entries apart from the others'.
	 */
	private Map<String, Policy> clients = new LinkedHashMap<>();

	/**
	 * In-process near tier in front of the Redis store.
	 */
	private final Near near = new Near();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Expiration getExpireAfter() {
		return this.expireAfter;
	}

	public void setExpireAfter(Expiration expireAfter) {
		this.expireAfter = expireAfter;
	}

	public Map<String, String> getUrlsExpireAfter() {
		return this.urlsExpireAfter;
	}

	public void setUrlsExpireAfter(Map<String, String> urlsExpireAfter) {
		this.urlsExpireAfter = urlsExpireAfter;
	}

	public List<UrlRule> getUrlRules() {
		return this.urlRules;
	}

	public void setUrlRules(List<UrlRule> urlRules) {
		this.urlRules = urlRules;
	}

	public boolean isCacheControl() {
		return this.cacheControl;
	}

	public void setCacheControl(boolean cacheControl) {
		this.cacheControl = cacheControl;
	}

	public List<String> getAllowableCodes() {
		return this.allowableCodes;
	}

	public void setAllowableCodes(List<String> allowableCodes) {
		this.allowableCodes = allowableCodes;
	}

	public Map<String, Expiration> getStatusExpireAfter() {
		return this.statusExpireAfter;
	}

	public void setStatusExpireAfter(Map<String, Expiration> statusExpireAfter) {
		this.statusExpireAfter = statusExpireAfter;
	}

	public boolean isAlwaysRevalidate() {
		return this.alwaysRevalidate;
	}

	public void setAlwaysRevalidate(boolean alwaysRevalidate) {
		this.alwaysRevalidate = alwaysRevalidate;
	}

	public boolean isOnlyIfCached() {
		return this.onlyIfCached;
	}

	public void setOnlyIfCached(boolean onlyIfCached) {
		this.onlyIfCached = onlyIfCached;
	}

	public boolean isReadOnly() {
		return this.readOnly;
	}

	public void setReadOnly(boolean readOnly) {
		this.readOnly = readOnly;
	}

	public List<String> getAllowableMethods() {
		return this.allowableMethods;
	}

	public void setAllowableMethods(List<String> allowableMethods) {
		this.allowableMethods = allowableMethods;
	}

	public List<String> getIgnoredParameters() {
		return this.ignoredParameters;
	}

	public void setIgnoredParameters(List<String> ignoredParameters) {
		this.ignoredParameters = ignoredParameters;
	}

	public List<String> getCredentialHeaders() {
		return this.credentialHeaders;
	}

	public void setCredentialHeaders(List<String> credentialHeaders) {
		this.credentialHeaders = credentialHeaders;
	}

	public List<String> getCredentialParameters() {
		return this.credentialParameters;
	}

	public void setCredentialParameters(List<String> credentialParameters) {
		this.credentialParameters = credentialParameters;
	}

	public @Nullable String getKeySecret() {
		return this.keySecret;
	}

	public void setKeySecret(@Nullable String keySecret) {
		this.keySecret = keySecret;
	}

	public List<String> getMatchHeaders() {
		return this.matchHeaders;
	}

	public void setMatchHeaders(List<String> matchHeaders) {
		this.matchHeaders = matchHeaders;
	}

	public StaleWindow getStaleIfError() {
		return this.staleIfError;
	}

	public void setStaleIfError(StaleWindow staleIfError) {
		this.staleIfError = staleIfError;
	}

	public StaleWindow getStaleWhileRevalidate() {
		return this.staleWhileRevalidate;
	}

	public void setStaleWhileRevalidate(StaleWindow staleWhileRevalidate) {
		this.staleWhileRevalidate = staleWhileRevalidate;
	}

	public CollapseMode getCollapse() {
		return this.collapse;
	}

	public void setCollapse(CollapseMode collapse) {
		this.collapse = collapse;
	}

	public boolean isShared() {
		return this.shared;
	}

	public void setShared(boolean shared) {
		this.shared = shared;
	}

	public DataSize getMaxEntrySize() {
		return this.maxEntrySize;
	}

	public void setMaxEntrySize(DataSize maxEntrySize) {
		this.maxEntrySize = maxEntrySize;
	}

	public int getMaxVariants() {
		return this.maxVariants;
	}

	public void setMaxVariants(int maxVariants) {
		this.maxVariants = maxVariants;
	}

	public @Nullable StoreType getStore() {
		return this.store;
	}

	public void setStore(@Nullable StoreType store) {
		this.store = store;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public Near getNear() {
		return this.near;
	}

	public Memory getMemory() {
		return this.memory;
	}

	public Map<String, Policy> getClients() {
		return this.clients;
	}

	public void setClients(Map<String, Policy> clients) {
		this.clients = clients;
	}

	/** Kinds of store. */
	public enum StoreType {

		/** Redis, through the application's RedisConnectionFactory. */
		REDIS,

		/** A bounded in-process store. */
		MEMORY

	}

	/**
	 * One entry of {@code http.cache.url-rules}: a URL glob and the expiration of the responses whose
	 * URL it matches.
	 */
	public static class UrlRule {

		/**
		 * URL glob: [scheme://]host[:port][/path], '*' within a segment, '**' across.
		 */
		private @Nullable String pattern;

		/**
		 * Expiration of matching responses, in the forms expire-after accepts.
		 */
		private @Nullable Expiration expireAfter;

		public @Nullable String getPattern() {
			return this.pattern;
		}

		public void setPattern(@Nullable String pattern) {
			this.pattern = pattern;
		}

		public @Nullable Expiration getExpireAfter() {
			return this.expireAfter;
		}

		public void setExpireAfter(@Nullable Expiration expireAfter) {
			this.expireAfter = expireAfter;
		}

	}

	/** Redis store settings. */
	public static class Redis {

		/**
		 * Namespace of every key the cache writes.
		 */
		private String keyPrefix = "http-cache:";

		/**
		 * Longest wait for a store call; past it, a read counts as a miss and the request goes to the
		 * origin.
		 */
		private Duration timeout = StoreCallGuard.DEFAULT_TIMEOUT;

		/**
		 * How long an entry is kept past its expiry, so that it can still be revalidated or served
		 * stale; the in-memory store keeps entries as long.
		 */
		private Duration retainStale = Duration.ofHours(1);

		/**
		 * Circuit breaker that skips Redis for a while after consecutive failures.
		 */
		private final CircuitBreaker circuitBreaker = new CircuitBreaker();

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getRetainStale() {
			return this.retainStale;
		}

		public void setRetainStale(Duration retainStale) {
			this.retainStale = retainStale;
		}

		public CircuitBreaker getCircuitBreaker() {
			return this.circuitBreaker;
		}

	}

	/** Circuit breaker settings of the Redis store ({@code http.cache.redis.circuit-breaker.*}). */
	public static class CircuitBreaker {

		/**
		 * Consecutive failed or timed-out store calls after which Redis is skipped.
		 */
		private int failureThreshold = StoreCallGuard.DEFAULT_FAILURE_THRESHOLD;

		/**
		 * How long Redis is skipped before one call probes it again.
		 */
		private Duration coolDown = StoreCallGuard.DEFAULT_COOL_DOWN;

		public int getFailureThreshold() {
			return this.failureThreshold;
		}

		public void setFailureThreshold(int failureThreshold) {
			this.failureThreshold = failureThreshold;
		}

		public Duration getCoolDown() {
			return this.coolDown;
		}

		public void setCoolDown(Duration coolDown) {
			this.coolDown = coolDown;
		}

	}

	/** In-memory store settings. */
	public static class Memory {

		/**
		 * Largest total size of the entries kept in memory, counted as held (bodies uncompressed, as a
		 * hit serves them); the least used go first.
		 */
		private DataSize maxSize = DataSize.ofMegabytes(64);

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

	/**
	 * Near tier settings: an in-process copy of what lookups in Redis found, kept coherent by Redis's
	 * invalidation messages ({@code CLIENT TRACKING}), so that a repeated hit makes no network call.
	 */
	public static class Near {

		/**
		 * Whether to keep an in-process near tier in front of the Redis store. Needs Lettuce and Redis 6
		 * or later (RESP3); stays off, with a warning, on Redis Cluster.
		 */
		private boolean enabled = false;

		/**
		 * Largest total size of what the near tier keeps (bodies, headers and bookkeeping, uncompressed);
		 * the least used go first.
		 */
		private DataSize maxSize = DataSize.ofMegabytes(32);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

	/**
	 * A named policy ({@code http.cache.clients.<name>.*}): each setting left unset is the one of
	 * {@code http.cache.*}; a list or map that is set replaces the default's.
	 */
	public static class Policy {

		/**
		 * Whether the policy's clients cache; when 'false' their requests bypass the cache.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Expiration of the policy's responses, in the forms http.cache.expire-after accepts.
		 */
		private @Nullable Expiration expireAfter;

		/**
		 * Ordered map of URL glob to expiration, as http.cache.urls-expire-after; replaces the default's.
		 */
		private @Nullable Map<String, String> urlsExpireAfter;

		/**
		 * Ordered list of URL rules, as http.cache.url-rules; replaces the default's.
		 */
		private @Nullable List<UrlRule> urlRules;

		/**
		 * Whether response headers set expiration, as http.cache.cache-control.
		 */
		private @Nullable Boolean cacheControl;

		/**
		 * Status codes of responses that may be stored, as http.cache.allowable-codes.
		 */
		private @Nullable List<String> allowableCodes;

		/**
		 * Map of status code or class to expiration, as http.cache.status-expire-after; replaces the default's.
		 */
		private @Nullable Map<String, Expiration> statusExpireAfter;

		/**
		 * Methods whose responses may be served from and stored in the cache, as
		 * http.cache.allowable-methods.
		 */
		private @Nullable List<String> allowableMethods;

		/**
		 * Parameters, headers and body fields left out of the key, as http.cache.ignored-parameters.
		 */
		private @Nullable List<String> ignoredParameters;

		/**
		 * Request headers that must match for a hit, as http.cache.match-headers.
		 */
		private @Nullable List<String> matchHeaders;

		/**
		 * Whether to serve stale on an origin error, as http.cache.stale-if-error.
		 */
		private @Nullable StaleWindow staleIfError;

		/**
		 * Whether to serve stale while refreshing, as http.cache.stale-while-revalidate.
		 */
		private @Nullable StaleWindow staleWhileRevalidate;

		/**
		 * Whether to revalidate on every use, as http.cache.always-revalidate.
		 */
		private @Nullable Boolean alwaysRevalidate;

		/**
		 * Whether to answer only from the cache, as http.cache.only-if-cached.
		 */
		private @Nullable Boolean onlyIfCached;

		/**
		 * Whether to serve without ever writing, as http.cache.read-only.
		 */
		private @Nullable Boolean readOnly;

		/**
		 * Whether to follow RFC 9111's shared-cache rules, as http.cache.shared.
		 */
		private @Nullable Boolean shared;

		/**
		 * Largest response body that is stored, as http.cache.max-entry-size.
		 */
		private @Nullable DataSize maxEntrySize;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Expiration getExpireAfter() {
			return this.expireAfter;
		}

		public void setExpireAfter(@Nullable Expiration expireAfter) {
			this.expireAfter = expireAfter;
		}

		public @Nullable Map<String, String> getUrlsExpireAfter() {
			return this.urlsExpireAfter;
		}

		public void setUrlsExpireAfter(@Nullable Map<String, String> urlsExpireAfter) {
			this.urlsExpireAfter = urlsExpireAfter;
		}

		public @Nullable List<UrlRule> getUrlRules() {
			return this.urlRules;
		}

		public void setUrlRules(@Nullable List<UrlRule> urlRules) {
			this.urlRules = urlRules;
		}

		public @Nullable Boolean getCacheControl() {
			return this.cacheControl;
		}

		public void setCacheControl(@Nullable Boolean cacheControl) {
			this.cacheControl = cacheControl;
		}

		public @Nullable List<String> getAllowableCodes() {
			return this.allowableCodes;
		}

		public void setAllowableCodes(@Nullable List<String> allowableCodes) {
			this.allowableCodes = allowableCodes;
		}

		public @Nullable Map<String, Expiration> getStatusExpireAfter() {
			return this.statusExpireAfter;
		}

		public void setStatusExpireAfter(@Nullable Map<String, Expiration> statusExpireAfter) {
			this.statusExpireAfter = statusExpireAfter;
		}

		public @Nullable List<String> getAllowableMethods() {
			return this.allowableMethods;
		}

		public void setAllowableMethods(@Nullable List<String> allowableMethods) {
			this.allowableMethods = allowableMethods;
		}

		public @Nullable List<String> getIgnoredParameters() {
			return this.ignoredParameters;
		}

		public void setIgnoredParameters(@Nullable List<String> ignoredParameters) {
			this.ignoredParameters = ignoredParameters;
		}

		public @Nullable List<String> getMatchHeaders() {
			return this.matchHeaders;
		}

		public void setMatchHeaders(@Nullable List<String> matchHeaders) {
			this.matchHeaders = matchHeaders;
		}

		public @Nullable StaleWindow getStaleIfError() {
			return this.staleIfError;
		}

		public void setStaleIfError(@Nullable StaleWindow staleIfError) {
			this.staleIfError = staleIfError;
		}

		public @Nullable StaleWindow getStaleWhileRevalidate() {
			return this.staleWhileRevalidate;
		}

		public void setStaleWhileRevalidate(@Nullable StaleWindow staleWhileRevalidate) {
			this.staleWhileRevalidate = staleWhileRevalidate;
		}

		public @Nullable Boolean getAlwaysRevalidate() {
			return this.alwaysRevalidate;
		}

		public void setAlwaysRevalidate(@Nullable Boolean alwaysRevalidate) {
			this.alwaysRevalidate = alwaysRevalidate;
		}

		public @Nullable Boolean getOnlyIfCached() {
			return this.onlyIfCached;
		}

		public void setOnlyIfCached(@Nullable Boolean onlyIfCached) {
			this.onlyIfCached = onlyIfCached;
		}

		public @Nullable Boolean getReadOnly() {
			return this.readOnly;
		}

		public void setReadOnly(@Nullable Boolean readOnly) {
			this.readOnly = readOnly;
		}

		public @Nullable Boolean getShared() {
			return this.shared;
		}

		public void setShared(@Nullable Boolean shared) {
			this.shared = shared;
		}

		public @Nullable DataSize getMaxEntrySize() {
			return this.maxEntrySize;
		}

		public void setMaxEntrySize(@Nullable DataSize maxEntrySize) {
			this.maxEntrySize = maxEntrySize;
		}

	}

}
