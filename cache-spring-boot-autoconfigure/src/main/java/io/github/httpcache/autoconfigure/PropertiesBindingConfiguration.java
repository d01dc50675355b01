package io.github.httpcache.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The converters that bind {@code http.cache.*} text to typed values ({@code Expiration},
 * {@code StaleWindow}). Static, so they exist before {@link HttpCacheProperties} is bound.
 */
@Configuration(proxyBeanMethods = false)
class PropertiesBindingConfiguration {

	@Bean
	@ConfigurationPropertiesBinding
	static SettingConverters.ToExpiration httpCacheExpirationConverter() {
		return new SettingConverters.ToExpiration();
	}

	@Bean
	@ConfigurationPropertiesBinding
	static SettingConverters.ToStaleWindow httpCacheStaleWindowConverter() {
		return new SettingConverters.ToStaleWindow();
	}

}
