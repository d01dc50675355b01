package io.github.httpcache.internal.store;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.core.Headers;
import io.github.httpcache.store.Lookup;
import io.github.httpcache.test.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unreadable variant among readable ones, read by the blocking and by the reactive Redis store:
 * both answer it the same way (a miss that cannot fence a write, the URL's values deleted) and log it
 * at the same sane rate, one warning for a burst rather than one per value.
 */
@ExtendWith(OutputCaptureExtension.class)
class CorruptVariantTests {

	private static final String WARNING = "Ignoring and deleting an unreadable cache entry";

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	private final CacheKey key = new CacheKey("url-key", "request-key", "http://example.com/a");

	private LettuceConnectionFactory connectionFactory;

	private RedisCacheStore blocking;

	private ReactiveRedisCacheStore reactive;

	@BeforeEach
	void createStores() {
		this.connectionFactory = TestRedis.get().connectionFactory();
		this.blocking = new RedisCacheStore(this.connectionFactory, "corrupt-" + UUID.randomUUID() + ":",
				Duration.ofHours(1), Clock.systemUTC(),
				new StoreCallGuard(Duration.ofSeconds(10), new StoreCircuitBreaker(3, Duration.ofSeconds(1))));
		this.reactive = new ReactiveRedisCacheStore(this.blocking, this.connectionFactory, Duration.ofSeconds(5));
	}

	@AfterEach
	void closeStores() {
		this.blocking.clear();
		this.reactive.close();
		this.connectionFactory.destroy();
	}

	@Test
	void reactiveStoreReadsACorruptVariantAsTheBlockingStoreDoes(CapturedOutput output) {
		storeThreeVariantsTwoOfThemCorrupt();
		Lookup reactive = onReactorThread(this.reactive.lookup(this.key));
		storeThreeVariantsTwoOfThemCorrupt();
		Lookup blocking = this.blocking.lookup(this.key);
		assertThat(reactive).isEqualTo(blocking).isEqualTo(Lookup.UNFENCED);
		assertThat(this.blocking.lookup(this.key).entries()).as("the URL's values were deleted").isEmpty();
		assertThat(output.getOut().split(WARNING, -1)).as("one warning for the burst of four unreadable values")
			.hasSize(2);
	}

	private void storeThreeVariantsTwoOfThemCorrupt() {
		this.blocking.put(this.key, entry("a"));
		this.blocking.put(this.key, entry("b"));
		this.blocking.put(this.key, entry("c"));
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			for (String variant : new String[] { "a", "b" }) {
				connection.stringCommands()
					.set(this.blocking.entryKey(this.key, entry(variant)).getBytes(StandardCharsets.UTF_8),
							"not an entry".getBytes(StandardCharsets.UTF_8));
			}
		}
	}

	private CacheEntry entry(String accept) {
		return new CacheEntry("request-key", "http://example.com/a", "GET", 200, Headers.of("Vary", "Accept"),
				accept.getBytes(StandardCharsets.UTF_8), Headers.of("Accept", accept), this.now, this.now,
				this.now.plusSeconds(600), this.now);
	}

	private static <T> T onReactorThread(Mono<T> call) {
		return Mono.defer(() -> call).subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(10));
	}

}
