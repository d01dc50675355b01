package io.github.httpcache.autoconfigure;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that {@code spring-boot-configuration-processor} generates at build time,
 * merged with {@code additional-spring-configuration-metadata.json}: what IDEs read to complete and
 * explain {@code http.cache.*}.
 */
class ConfigurationMetadataTests {

	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	@Test
	void everyPropertyHasADescription() throws IOException {
		List<Map<String, Object>> properties = metadata().read("$.properties[*]");
		assertThat(properties).isNotEmpty().allSatisfy((property) -> assertThat(property.get("description"))
			.as("description of %s", property.get("name"))
			.asString()
			.isNotBlank()
			.endsWith("."));
	}

	@Test
	void listsEveryPropertyOfHttpCacheProperties() throws IOException {
		List<String> names = metadata().read("$.properties[*].name");
		assertThat(new TreeSet<>(names)).containsAll(expectedProperties());
	}

	@Test
	void listPropertiesShowTheirDefaults() throws IOException {
		// The processor cannot read a default out of new ArrayList<>(List.of(...)); the additional metadata gives it.
		DocumentContext metadata = metadata();
		assertThat(defaultValue(metadata, "http.cache.allowable-codes")).isEqualTo(List.of("200"));
		assertThat(defaultValue(metadata, "http.cache.allowable-methods")).isEqualTo(List.of("GET", "HEAD"));
		assertThat(defaultValue(metadata, "http.cache.allowable-codes"))
			.isEqualTo(new HttpCacheProperties().getAllowableCodes());
		assertThat(defaultValue(metadata, "http.cache.allowable-methods"))
			.isEqualTo(new HttpCacheProperties().getAllowableMethods());
	}

	@Test
	void defaultsTakenFromTheCoreAndTheStoresAreListedAsTheyBind() throws IOException {
		// The processor cannot read a default out of a constant of another class; the additional metadata
		// gives it, and this keeps it equal to what the properties hold.
		DocumentContext metadata = metadata();
		HttpCacheProperties defaults = new HttpCacheProperties();
		assertThat(SettingConverters.expiration((String) defaultValue(metadata, "http.cache.expire-after")))
			.isEqualTo(defaults.getExpireAfter());
		assertThat(SettingConverters.staleWindow((String) defaultValue(metadata, "http.cache.stale-if-error")))
			.isEqualTo(defaults.getStaleIfError());
		assertThat(SettingConverters.staleWindow((String) defaultValue(metadata, "http.cache.stale-while-revalidate")))
			.isEqualTo(defaults.getStaleWhileRevalidate());
		assertThat(defaultValue(metadata, "http.cache.cache-control")).isEqualTo(defaults.isCacheControl());
		assertThat(defaultValue(metadata, "http.cache.shared")).isEqualTo(defaults.isShared());
		assertThat(DataSize.parse((String) defaultValue(metadata, "http.cache.max-entry-size")))
			.isEqualTo(defaults.getMaxEntrySize());
		assertThat(defaultValue(metadata, "http.cache.max-variants")).isEqualTo(defaults.getMaxVariants());
		assertThat(DurationStyle.detectAndParse((String) defaultValue(metadata, "http.cache.redis.timeout")))
			.isEqualTo(defaults.getRedis().getTimeout());
		assertThat(defaultValue(metadata, "http.cache.redis.circuit-breaker.failure-threshold"))
			.isEqualTo(defaults.getRedis().getCircuitBreaker().getFailureThreshold());
		assertThat(DurationStyle.detectAndParse((String) defaultValue(metadata, "http.cache.redis.circuit-breaker.cool-down")))
			.isEqualTo(defaults.getRedis().getCircuitBreaker().getCoolDown());
	}

	private static Object defaultValue(DocumentContext metadata, String name) {
		List<Object> values = metadata.read("$.properties[?(@.name == '" + name + "')].defaultValue");
		assertThat(values).as("defaultValue of %s", name).hasSize(1);
		return values.get(0);
	}

	@Test
	void offersTheExpirationWordsTheStaleSwitchesAndTheStoreKinds() throws IOException {
		DocumentContext metadata = metadata();
		assertThat(hintValues(metadata, "http.cache.expire-after")).contains("never", "-1", "0", "do-not-cache");
		assertThat(hintValues(metadata, "http.cache.urls-expire-after.values")).contains("never", "-1", "0",
				"do-not-cache");
		assertThat(hintValues(metadata, "http.cache.stale-if-error")).contains("true", "false");
		assertThat(hintValues(metadata, "http.cache.stale-while-revalidate")).contains("true", "false");
		assertThat(hintValues(metadata, "http.cache.store")).contains("redis", "memory");
	}

	@Test
	void everyHintedValueIsAcceptedAtStartUp() throws IOException {
		DocumentContext metadata = metadata();
		for (String value : hintValues(metadata, "http.cache.expire-after")) {
			assertThat(CacheSettingsMapper.expiration("http.cache.expire-after", value)).isNotNull();
		}
		for (String value : hintValues(metadata, "http.cache.status-expire-after.values")) {
			assertThat(CacheSettingsMapper.expiration("http.cache.status-expire-after", value)).isNotNull();
		}
		assertThat(io.github.httpcache.internal.core.StatusCodes.parse(hintValues(metadata, "http.cache.allowable-codes")).any())
			.isTrue();
		for (String value : hintValues(metadata, "http.cache.stale-if-error")) {
			CacheSettingsMapper.staleWindow("http.cache.stale-if-error", value);
		}
		for (String value : hintValues(metadata, "http.cache.stale-while-revalidate")) {
			CacheSettingsMapper.staleWindow("http.cache.stale-while-revalidate", value);
		}
	}

	private static List<String> hintValues(DocumentContext metadata, String name) {
		List<Object> values = metadata.read("$.hints[?(@.name == '" + name + "')].values[*].value");
		return values.stream().map(String::valueOf).toList();
	}

	/** Every leaf of HttpCacheProperties, found by binding it, so a new property cannot be forgotten. */
	private static Set<String> expectedProperties() {
		Set<String> names = new TreeSet<>();
		collect("http.cache", HttpCacheProperties.class, names);
		return names;
	}

	private static void collect(String prefix, Class<?> type, Set<String> names) {
		for (Field field : type.getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers())) {
				continue;
			}
			String name = prefix + "." + field.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
			Class<?> fieldType = field.getType();
			if (fieldType.getEnclosingClass() == HttpCacheProperties.class && !fieldType.isEnum()) {
				collect(name, fieldType, names);
			}
			else {
				names.add(name);
			}
		}
	}

	private static DocumentContext metadata() throws IOException {
		assertThat(METADATA).as("generated by spring-boot-configuration-processor at compile time").exists();
		return JsonPath.parse(Files.readString(METADATA));
	}

}
