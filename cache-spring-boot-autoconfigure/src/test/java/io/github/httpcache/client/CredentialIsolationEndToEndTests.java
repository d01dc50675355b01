package io.github.httpcache.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials are never shared and never stored: two tokens are two entries (two origin calls), and a
 * scan of every key and value the starter wrote to Redis finds no token text.
 */
class CredentialIsolationEndToEndTests {

	// The body never echoes the request, so any secret found in Redis came from the cache itself.
	@RegisterExtension
	final HttpCacheFixture fixture = HttpCacheFixture.answering((request) -> Reply.ok("profile"));

	private final TestOrigin origin = this.fixture.origin();

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void twoTokensAreTwoEntriesAndNoTokenReachesRedis(ClientKind kind) {
		String prefix = "credentials-" + UUID.randomUUID() + ":";
		CacheContexts.withRedis(prefix).run((context) -> {
			Client client = kind.create(context);
			String url = this.origin.url("/me");
			client.get(url, Map.of("Authorization", "Bearer token-alpha-1111"));
			client.get(url, Map.of("Authorization", "Bearer token-beta-2222"));
			assertThat(this.origin.requestCount()).as("one call per token").isEqualTo(2);
			assertThat(client.get(url, Map.of("authorization", "Bearer token-alpha-1111")).cacheStatus())
				.as("the same token, whatever the header name's case, is a hit")
				.startsWith("http-cache; hit");
			assertThat(client.get(url).cacheStatus()).as("no credentials is a third user").startsWith("http-cache; fwd=uri-miss");
			assertThat(this.origin.requestCount()).isEqualTo(3);
		});
		assertThat(secretsIn(prefix, "token-alpha-1111", "token-beta-2222")).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void everyCredentialFormEntersTheKeyOnlyAsAHash(ClientKind kind) {
		String prefix = "credentials-" + UUID.randomUUID() + ":";
		List<String> secrets = List.of("proxy-secret-3333", "cookie-secret-4444", "apikey-secret-5555",
				"query-token-6666", "query-key-7777");
		CacheContexts.withRedis(prefix).run((context) -> {
			Client client = kind.create(context);
			String url = this.origin.url("/me");
			client.get(url, Map.of("Proxy-Authorization", "Basic proxy-secret-3333"));
			client.get(url, Map.of("Cookie", "session=cookie-secret-4444"));
			client.get(url, Map.of("x-api-key", "apikey-secret-5555"));
			client.get(url + "?access_token=query-token-6666");
			client.get(url + "?API_KEY=query-key-7777");
			client.get(url);
			assertThat(this.origin.requestCount()).as("six users, six entries").isEqualTo(6);
			client.get(url, Map.of("X-API-KEY", "apikey-secret-5555"));
			client.get(url + "?access_token=query-token-6666");
			assertThat(this.origin.requestCount()).as("each user finds their own entry").isEqualTo(6);
		});
		assertThat(secretsIn(prefix, secrets.toArray(String[]::new))).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void extendedAndConfiguredCredentialsAreIsolatedAndNeverStoredOrShown(ClientKind kind) {
		String prefix = "credentials-" + UUID.randomUUID() + ":";
		List<String> secrets = List.of("gitlab-secret-1010", "openstack-secret-2020", "tenant-secret-3030",
				"query-token-4040", "presigned-sig-5050", "tenant-param-6060");
		CacheContexts.withRedis(prefix)
			.withPropertyValues("http.cache.credential-headers=X-Tenant-Token",
					"http.cache.credential-parameters=Tenant_Secret")
			.run((context) -> {
				Client client = kind.create(context);
				String url = this.origin.url("/me");
				client.get(url, Map.of("PRIVATE-TOKEN", "gitlab-secret-1010"));
				client.get(url, Map.of("X-Auth-Token", "openstack-secret-2020"));
				client.get(url, Map.of("x-tenant-token", "tenant-secret-3030"));
				client.get(url + "?token=query-token-4040");
				client.get(url + "?X-Amz-Signature=presigned-sig-5050&X-Amz-Expires=60");
				client.get(url + "?tenant_secret=tenant-param-6060");
				client.get(url);
				assertThat(this.origin.requestCount()).as("seven users, seven entries").isEqualTo(7);
				assertThat(client.get(url, Map.of("private-token", "gitlab-secret-1010")).cacheStatus()).startsWith("http-cache; hit");
				assertThat(client.get(url, Map.of("X-Tenant-Token", "tenant-secret-3030")).cacheStatus()).startsWith("http-cache; hit");
				assertThat(client.get(url + "?TENANT_SECRET=tenant-param-6060").cacheStatus()).startsWith("http-cache; hit");
				assertThat(client.get(url, Map.of("X-Tenant-Token", "someone-else")).cacheStatus())
					.startsWith("http-cache; fwd=uri-miss");
				HttpCacheEngine engine = context.getBean(HttpCacheEngine.class);
				List<String> storedUrls = engine.store()
					.entriesForUrl(engine.policy().keys().urlKey(java.net.URI.create(url)))
					.stream()
					.map((entry) -> entry.url() + " " + entry.headers() + " " + entry.varyValues())
					.toList();
				assertThat(storedUrls).hasSizeGreaterThanOrEqualTo(7)
					.allSatisfy((stored) -> assertThat(secrets).noneMatch(stored::contains));
			});
		assertThat(secretsIn(prefix, secrets.toArray(String[]::new))).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void responseSettingACookieIsNotStoredUnlessPublic(ClientKind kind) {
		String prefix = "credentials-" + UUID.randomUUID() + ":";
		CacheContexts.withRedis(prefix).run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("Set-Cookie", "sid=set-cookie-8888"))
				.enqueue(Reply.ok("B").header("Set-Cookie", "sid=set-cookie-8888"));
			client.get(this.origin.url("/private"));
			assertThat(client.get(this.origin.url("/private")).body()).isEqualTo("B");
			this.origin.enqueue(Reply.ok("P").header("Set-Cookie", "sid=set-cookie-9999").header("Cache-Control", "public"));
			client.get(this.origin.url("/public"));
			assertThat(client.get(this.origin.url("/public")).body()).isEqualTo("P");
			assertThat(this.origin.requestCount()).isEqualTo(3);
		});
		assertThat(secretsIn(prefix, "set-cookie-8888", "set-cookie-9999")).isEmpty();
	}

	/** Every key under the prefix, and every value behind it, that contains one of the secrets. */
	private static List<String> secretsIn(String prefix, String... secrets) {
		List<String> found = new ArrayList<>();
		int keys = 0;
		LettuceConnectionFactory factory = TestRedis.get().connectionFactory();
		try (RedisConnection connection = factory.getConnection();
				Cursor<byte[]> cursor = connection.keyCommands()
					.scan(ScanOptions.scanOptions().match(prefix.replace("{", "\\{") + "*").count(500).build())) {
			while (cursor.hasNext()) {
				byte[] key = cursor.next();
				keys++;
				List<byte[]> values = new ArrayList<>();
				values.add(key);
				DataType type = connection.keyCommands().type(key);
				if (type == DataType.STRING) {
					values.add(connection.stringCommands().get(key));
				}
				else if (type == DataType.SET) {
					values.addAll(connection.setCommands().sMembers(key));
				}
				else if (type == DataType.HASH) {
					connection.hashCommands().hGetAll(key).forEach((field, value) -> {
						values.add(field);
						values.add(value);
					});
				}
				else if (type == DataType.LIST) {
					values.addAll(connection.listCommands().lRange(key, 0, -1));
				}
				for (byte[] value : values) {
					String text = new String(value, StandardCharsets.ISO_8859_1);
					for (String secret : secrets) {
						if (text.contains(secret)) {
							found.add(secret + " in " + new String(key, StandardCharsets.UTF_8));
						}
					}
				}
			}
		}
		finally {
			factory.destroy();
		}
		assertThat(keys).as("the starter wrote something to scan").isPositive();
		return found;
	}

}
