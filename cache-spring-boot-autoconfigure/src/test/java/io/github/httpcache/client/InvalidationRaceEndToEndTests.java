package io.github.httpcache.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import io.github.httpcache.test.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9111 §4.4 against a race: a GET is in flight when a POST to the same URL succeeds. The GET's
 * response was produced before the change, so it must not be stored after the POST's invalidation;
 * the next GET goes to the origin and gets the new body.
 */
@Tag("wall-clock")
@Timeout(60)
class InvalidationRaceEndToEndTests {

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void responseFetchedBeforeAnInvalidationIsNotStoredAfterIt(ClientKind kind) throws Exception {
		AtomicInteger gets = new AtomicInteger();
		try (TestOrigin origin = TestOrigin.start().otherwise((request) -> {
			if (request.method().equals("POST")) {
				return Reply.ok("changed");
			}
			// The first GET is slow: the POST overtakes it.
			return (gets.incrementAndGet() == 1)
					? Reply.ok("old").header("Cache-Control", "max-age=600").delay(700)
					: Reply.ok("new").header("Cache-Control", "max-age=600");
		})) {
			CacheContexts.withRedis().withPropertyValues("http.cache.cache-control=true").run((context) -> {
				Client client = kind.create(context);
				String url = origin.url("/race");
				CompletableFuture<Result> slow = CompletableFuture.supplyAsync(() -> client.get(url));
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
				while (origin.requestCount() == 0 && System.nanoTime() < deadline) {
					TimeUnit.MILLISECONDS.sleep(5);
				}
				Result post = client.exchange("POST", url, Map.of(), "change", (attributes) -> {
				});
				assertThat(post.status()).isEqualTo(200);
				assertThat(slow.get(10, TimeUnit.SECONDS).body()).isEqualTo("old");
				Result next = client.get(url);
				assertThat(next.body()).isEqualTo("new");
				assertThat(next.cacheStatus()).contains("fwd=");
				assertThat(client.get(url).cacheStatus()).startsWith("http-cache; hit");
			});
		}
	}

	/**
	 * The same race when the slow GET's lookup met an unreadable value (the soak test plants them): the
	 * lookup evicts the URL and finds nothing, and its write must still be fenced, else the body it
	 * fetched before the POST is stored after the POST's invalidation and served as a fresh hit.
	 */
	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void responseFetchedAfterMeetingACorruptValueIsNotStoredAfterALaterInvalidation(ClientKind kind) throws Exception {
		AtomicInteger gets = new AtomicInteger();
		String prefix = "race-" + UUID.randomUUID() + ":";
		try (TestOrigin origin = TestOrigin.start().otherwise((request) -> {
			if (request.method().equals("POST")) {
				return Reply.ok("changed");
			}
			return switch (gets.incrementAndGet()) {
				case 1 -> Reply.ok("first").header("Cache-Control", "max-age=600");
				// The GET after the corruption is slow: the POST overtakes it.
				case 2 -> Reply.ok("old").header("Cache-Control", "max-age=600").delay(700);
				default -> Reply.ok("new").header("Cache-Control", "max-age=600");
			};
		})) {
			CacheContexts.withRedis(prefix).withPropertyValues("http.cache.cache-control=true").run((context) -> {
				Client client = kind.create(context);
				String url = origin.url("/corrupt-race");
				assertThat(client.get(url).body()).isEqualTo("first");
				assertThat(corruptEntries(prefix)).isPositive();
				CompletableFuture<Result> slow = CompletableFuture.supplyAsync(() -> client.get(url));
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
				while (origin.requestCount() < 2 && System.nanoTime() < deadline) {
					TimeUnit.MILLISECONDS.sleep(5);
				}
				Result post = client.exchange("POST", url, Map.of(), "change", (attributes) -> {
				});
				assertThat(post.status()).isEqualTo(200);
				assertThat(slow.get(10, TimeUnit.SECONDS).body()).isEqualTo("old");
				Result next = client.get(url);
				assertThat(next.body()).as(kind + ": the GET after the POST").isEqualTo("new");
				assertThat(next.cacheStatus()).contains("fwd=");
				assertThat(client.get(url).cacheStatus()).startsWith("http-cache; hit");
			});
		}
	}

	/** Overwrites every stored entry value under the prefix with bytes that are not an entry. */
	private static int corruptEntries(String prefix) {
		LettuceConnectionFactory factory = TestRedis.get().connectionFactory();
		try (RedisConnection connection = factory.getConnection()) {
			List<byte[]> keys = new ArrayList<>();
			try (Cursor<byte[]> cursor = connection.keyCommands()
				.scan(ScanOptions.scanOptions().match(prefix.replace("-", "?") + "*").count(200).build())) {
				while (cursor.hasNext()) {
					byte[] key = cursor.next();
					if (new String(key, StandardCharsets.UTF_8).contains(":v:")) {
						keys.add(key);
					}
				}
			}
			for (byte[] key : keys) {
				connection.stringCommands().set(key, "not an entry".getBytes(StandardCharsets.UTF_8));
			}
			return keys.size();
		}
		finally {
			factory.destroy();
		}
	}

}
