package io.github.httpcache.client;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.HttpCacheFixture;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import io.github.httpcache.test.TestRedis;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filters and keys through each client: {@code ignored-parameters} out of the key and out of
 * Redis, {@code match-headers} in the key, query parameter order normalised.
 */
class MatchingEndToEndTests {

	@RegisterExtension
	final HttpCacheFixture fixture = HttpCacheFixture.answering((request) -> Reply.ok("same"));

	private final TestOrigin origin = this.fixture.origin();

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void ignoredParametersAreLeftOutOfTheKeyAndNeverStored(ClientKind kind) {
		String prefix = "matching-" + UUID.randomUUID() + ":";
		CacheContexts.withRedis(prefix).withPropertyValues("http.cache.ignored-parameters=utm_source").run((context) -> {
			Client client = kind.create(context);
			client.get(this.origin.url("/a?q=1&utm_source=campaign-1234"));
			client.get(this.origin.url("/a?utm_source=campaign-5678&q=1"));
			client.get(this.origin.url("/a?q=1"));
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
		assertThat(redisText(prefix)).contains("/a?q=1").doesNotContain("campaign-1234", "utm_source");
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void queryParameterOrderDoesNotSplitTheCache(ClientKind kind) {
		CacheContexts.withRedis().run((context) -> {
			Client client = kind.create(context);
			client.get(this.origin.url("/a?b=2&a=1"));
			client.get(this.origin.url("/a?a=1&b=2"));
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void matchHeadersMustMatchForAHit(ClientKind kind) {
		CacheContexts.withRedis().withPropertyValues("http.cache.match-headers=Accept-Language").run((context) -> {
			Client client = kind.create(context);
			client.get(this.origin.url("/a"), Map.of("Accept-Language", "en"));
			client.get(this.origin.url("/a"), Map.of("Accept-Language", "fr"));
			client.get(this.origin.url("/a"), Map.of("accept-language", "en"));
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	/** Every key and string value under the prefix, as text. */
	private static String redisText(String prefix) {
		StringBuilder text = new StringBuilder();
		LettuceConnectionFactory factory = TestRedis.get().connectionFactory();
		try (RedisConnection connection = factory.getConnection();
				Cursor<byte[]> cursor = connection.keyCommands()
					.scan(ScanOptions.scanOptions().match(prefix + "*").count(500).build())) {
			while (cursor.hasNext()) {
				byte[] key = cursor.next();
				text.append(new String(key, StandardCharsets.UTF_8)).append('\n');
				if (connection.keyCommands().type(key) == org.springframework.data.redis.connection.DataType.STRING) {
					text.append(new String(connection.stringCommands().get(key), StandardCharsets.ISO_8859_1)).append('\n');
				}
			}
		}
		finally {
			factory.destroy();
		}
		return text.toString();
	}

}
