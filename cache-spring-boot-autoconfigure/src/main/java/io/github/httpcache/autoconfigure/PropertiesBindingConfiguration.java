package io.github.httpcache.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The converters that bind {@code http.cache.*} text to typed values ({@code Expiration},
 * {@code StaleWindow}), and a bind handler that names the property when one of them refuses a value
 * (a converter does not know which property it converts). Static, so they exist before
 * {@link HttpCacheProperties} is bound.
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

	/**
	 * Turns a converter's refusal into an {@link InvalidHttpCacheSettingException} that names the
	 * property ({@code http.cache.status-expire-after[404]}), so the message says which setting to fix
	 * even where no failure analyzer runs, and validates {@code http.cache} once it is bound. Other
	 * failures pass through untouched.
	 */
	@Bean
	static ConfigurationPropertiesBindHandlerAdvisor httpCacheBindHandlerAdvisor() {
		return NamingBindHandler::new;
	}

	static final class NamingBindHandler extends AbstractBindHandler {

		private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("http.cache");

		NamingBindHandler(BindHandler parent) {
			super(parent);
		}

		@Override
		public @Nullable Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
				Exception error) throws Exception {
			for (Throwable cause = error; cause != null; cause = cause.getCause()) {
				if (cause instanceof InvalidHttpCacheValueException invalid) {
					throw new InvalidHttpCacheSettingException(name.toString(), invalid.getValue(), invalid.getMessage(),
							invalid.getAction());
				}
				if (cause.getCause() == cause) {
					break;
				}
			}
			return super.onFailure(name, target, context, error);
		}

		/** Once {@code http.cache} is bound, the checks that need only the properties (globs, codes, ...). */
		@Override
		public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
				@Nullable Object result) throws Exception {
			super.onFinish(name, target, context, result);
			Object bound = (result != null) ? result : (target.getValue() != null) ? target.getValue().get() : null;
			if (bound instanceof HttpCacheProperties properties && name.equals(ROOT)) {
				CacheSettingsMapper.validate(properties);
			}
		}

	}

}
