package io.github.httpcache.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.httpcache.core.Expiration;
import io.github.httpcache.core.StaleWindow;
import io.github.httpcache.internal.core.CacheSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A named policy's settings: the default's, with the policy's on top. */
class PolicySettingsMapperTests {

	@Test
	void unsetSettingsAreTheDefaultsAndSetOnesWin() {
		HttpCacheProperties defaults = new HttpCacheProperties();
		defaults.setExpireAfter(Expiration.parse("10m"));
		defaults.setMatchHeaders(List.of("Accept-Language"));
		defaults.setStaleIfError(StaleWindow.parse("true"));
		HttpCacheProperties.Policy policy = new HttpCacheProperties.Policy();
		policy.setExpireAfter(Expiration.parse("1m"));
		policy.setCacheControl(true);
		CacheSettings settings = PolicySettingsMapper.map(defaults, "github", policy);
		assertThat(settings.cacheName()).isEqualTo("github");
		assertThat(settings.expireAfter().duration()).isEqualTo(Duration.ofMinutes(1));
		assertThat(settings.cacheControl()).isTrue();
		assertThat(settings.matchHeaders()).singleElement().asString().isEqualToIgnoringCase("Accept-Language");
		assertThat(settings.staleIfError()).isEqualTo(CacheSettings.UNLIMITED);
	}

	@Test
	void aListOrMapThePolicySetsReplacesTheDefaults() {
		HttpCacheProperties defaults = new HttpCacheProperties();
		defaults.setUrlsExpireAfter(Map.of("example.com/**", "1h"));
		defaults.setAllowableMethods(List.of("GET", "HEAD", "POST"));
		HttpCacheProperties.Policy policy = new HttpCacheProperties.Policy();
		policy.setUrlsExpireAfter(Map.of("api.github.com/**", "5m"));
		policy.setAllowableMethods(List.of("GET"));
		CacheSettings settings = PolicySettingsMapper.map(defaults, "github", policy);
		assertThat(settings.urlsExpireAfter()).singleElement()
			.satisfies((rule) -> assertThat(rule.pattern()).isEqualTo("api.github.com/**"));
		assertThat(settings.allowableMethods()).containsExactly("GET");
	}

	@Test
	void aDisabledPolicyNeitherReadsNorWrites() {
		HttpCacheProperties.Policy policy = new HttpCacheProperties.Policy();
		policy.setEnabled(false);
		CacheSettings settings = PolicySettingsMapper.map(new HttpCacheProperties(), "billing", policy);
		assertThat(settings.allowableMethods()).isEmpty();
		assertThat(settings.readOnly()).isTrue();
	}

	@Test
	void aNameThatIsNoGroupNameIsRefused() {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> PolicySettingsMapper.map(new HttpCacheProperties(), "a b", new HttpCacheProperties.Policy()))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("http.cache.clients"));
	}

}
