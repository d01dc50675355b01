package io.github.httpcache.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.internal.core.CacheSettings;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The settings of a named policy ({@code http.cache.clients.<name>.*}): the default's
 * ({@code http.cache.*}) with the policy's overrides on top, validated as the default's are, an invalid
 * value named by its policy property.
 */
final class PolicySettingsMapper {

	private PolicySettingsMapper() {
	}

	/**
	 * The policy's settings; a disabled policy reads nothing and writes nothing (every method is
	 * outside {@code allowable-methods}, and it is read-only).
	 */
	static CacheSettings map(HttpCacheProperties defaults, String name, HttpCacheProperties.Policy policy) {
		if (!name.matches("[A-Za-z0-9._-]+")) {
			throw new InvalidConfigurationPropertyValueException("http.cache.clients", name,
					"Policy names are letters, digits, '.', '_' and '-', as HTTP service group names.");
		}
		HttpCacheProperties merged = merged(defaults, policy);
		CacheSettings settings;
		try {
			settings = CacheSettingsMapper.map(merged);
		}
		catch (InvalidConfigurationPropertyValueException ex) {
			// The default's values were checked by the default policy: this one is the policy's own.
			String property = ex.getName().replace("http.cache.", "http.cache.clients." + name + ".");
			throw new InvalidConfigurationPropertyValueException(property, ex.getValue(), ex.getReason());
		}
		return named(settings, name);
	}

	/** The settings under the policy's name, which Cache-Status and the meters' cache tag carry. */
	private static CacheSettings named(CacheSettings s, String name) {
		return new CacheSettings(name, s.expireAfter(), s.urlsExpireAfter(), s.cacheControl(), s.allowableCodes(),
				s.allowableMethods(), s.ignoredParameters(), s.matchHeaders(), s.staleIfError(),
				s.staleWhileRevalidate(), s.shared(), s.maxEntrySize(), s.allowableStatuses(), s.statusExpireAfter(),
				s.alwaysRevalidate(), s.onlyIfCached(), s.readOnly());
	}

	static boolean enabled(HttpCacheProperties.Policy policy) {
		return !Boolean.FALSE.equals(policy.getEnabled());
	}

	static HttpCacheProperties merged(HttpCacheProperties defaults, HttpCacheProperties.Policy policy) {
		HttpCacheProperties merged = new HttpCacheProperties();
		merged.setExpireAfter(or(policy.getExpireAfter(), defaults.getExpireAfter()));
		merged.setUrlsExpireAfter(new LinkedHashMap<>(or(policy.getUrlsExpireAfter(), defaults.getUrlsExpireAfter())));
		merged.setUrlRules(new ArrayList<>(or(policy.getUrlRules(), defaults.getUrlRules())));
		merged.setCacheControl(or(policy.getCacheControl(), defaults.isCacheControl()));
		merged.setAllowableCodes(new ArrayList<>(or(policy.getAllowableCodes(), defaults.getAllowableCodes())));
		merged.setStatusExpireAfter(
				new LinkedHashMap<>(or(policy.getStatusExpireAfter(), defaults.getStatusExpireAfter())));
		merged.setAllowableMethods(new ArrayList<>(or(policy.getAllowableMethods(), defaults.getAllowableMethods())));
		merged.setIgnoredParameters(
				new ArrayList<>(or(policy.getIgnoredParameters(), defaults.getIgnoredParameters())));
		merged.setMatchHeaders(new ArrayList<>(or(policy.getMatchHeaders(), defaults.getMatchHeaders())));
		merged.setStaleIfError(or(policy.getStaleIfError(), defaults.getStaleIfError()));
		merged.setStaleWhileRevalidate(or(policy.getStaleWhileRevalidate(), defaults.getStaleWhileRevalidate()));
		merged.setAlwaysRevalidate(or(policy.getAlwaysRevalidate(), defaults.isAlwaysRevalidate()));
		merged.setOnlyIfCached(or(policy.getOnlyIfCached(), defaults.isOnlyIfCached()));
		merged.setReadOnly(or(policy.getReadOnly(), defaults.isReadOnly()));
		merged.setShared(or(policy.getShared(), defaults.isShared()));
		merged.setMaxEntrySize(or(policy.getMaxEntrySize(), defaults.getMaxEntrySize()));
		// Identity and storage stay the application's: one key secret, one store, one collapse mode.
		merged.setCredentialHeaders(defaults.getCredentialHeaders());
		merged.setCredentialParameters(defaults.getCredentialParameters());
		merged.setKeySecret(defaults.getKeySecret());
		merged.setCollapse(defaults.getCollapse());
		merged.setMaxVariants(defaults.getMaxVariants());
		merged.setStore(defaults.getStore());
		if (!enabled(policy)) {
			merged.setAllowableMethods(new ArrayList<>());
			merged.setReadOnly(true);
		}
		return merged;
	}

	private static <T> T or(@Nullable T override, T value) {
		return (override != null) ? override : value;
	}

}
