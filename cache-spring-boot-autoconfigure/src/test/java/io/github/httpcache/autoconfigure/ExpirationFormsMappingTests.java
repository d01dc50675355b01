package io.github.httpcache.autoconfigure;

import java.time.Duration;

import io.github.httpcache.core.Expiration;
import io.github.httpcache.internal.core.CacheSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every place an expiration is written takes every Spring Boot duration form, and a bare number is
 * refused naming the property and the forms.
 */
class ExpirationFormsMappingTests {

	@Test
	void everyExpirationPropertyTakesMicrosecondsAndIsoFractions() {
		HttpCacheProperties properties = new HttpCacheProperties();
		properties.setExpireAfter(SettingConverters.expiration("100us"));
		properties.getUrlsExpireAfter().put("api.example.com/**", "PT0.0001S");
		properties.getStatusExpireAfter().put("404", SettingConverters.expiration("1500ms"));
		properties.setStaleIfError(SettingConverters.staleWindow("250us"));
		properties.setStaleWhileRevalidate(SettingConverters.staleWindow("PT0.5S"));
		CacheSettings settings = CacheSettingsMapper.map(properties);
		assertThat(settings.expireAfter()).isEqualTo(Expiration.after(Duration.ofNanos(100_000)));
		assertThat(settings.urlsExpireAfter().get(0).expiration().duration()).isEqualTo(Duration.ofNanos(100_000));
		assertThat(settings.statusExpireAfter().get(0).expiration().duration()).isEqualTo(Duration.ofMillis(1500));
		assertThat(settings.staleIfError()).isEqualTo(Duration.ofNanos(250_000));
		assertThat(settings.staleWhileRevalidate()).isEqualTo(Duration.ofMillis(500));
	}

	@Test
	void aBareNumberIsRefusedNamingThePropertyAndTheForms() {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> CacheSettingsMapper.expiration("http.cache.urls-expire-after[api.example.com/**]", "0.0001"))
			.withMessageContaining("http.cache.urls-expire-after[api.example.com/**]")
			.withMessageContaining("ns, us, ms, s, m, h or d");
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> CacheSettingsMapper.staleWindow("http.cache.stale-if-error", "30"))
			.withMessageContaining("http.cache.stale-if-error")
			.withMessageContaining("Did you mean '30s'");
	}

}
