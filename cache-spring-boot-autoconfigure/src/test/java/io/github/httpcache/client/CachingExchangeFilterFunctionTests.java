package io.github.httpcache.client;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.httpcache.HttpCacheRequest;
import io.github.httpcache.internal.store.ReactiveRedisCacheStore;
import io.github.httpcache.store.ReactiveCacheStore;
import io.github.httpcache.test.BlockingCalls;
import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.NettyLeaks;
import io.github.httpcache.test.RecordingListener;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import io.github.httpcache.test.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The WebClient path, run from a Reactor thread under BlockHound (a blocking call there is recorded
 * and fails) and Netty's leak detector at {@code PARANOID}: every test ends by proving that nothing
 * blocked a non-blocking thread and that no buffer leaked.
 */
class CachingExchangeFilterFunctionTests {

	private TestOrigin origin;

	private NettyLeaks leaks;

	@BeforeEach
	void start() {
		this.origin = TestOrigin.start().otherwise((request) -> Reply.ok("body of " + request.uri()));
		this.leaks = NettyLeaks.paranoid();
		BlockingCalls.clear();
	}

	@AfterEach
	void nothingBlockedAndNothingLeaked() {
		try {
			assertThat(BlockingCalls.detected()).as("blocking calls on non-blocking threads").isEmpty();
			assertThat(this.leaks.reported()).as("Netty leak reports").isEmpty();
		}
		finally {
			this.leaks.close();
			this.origin.close();
		}
	}

	@Test
	void blockHoundCatchesABlockingCallOnAReactorThread() {
		assertThat(BlockingCalls.installed()).isTrue();
		try {
			assertThatThrownBy(() -> Mono.fromCallable(() -> {
				Thread.sleep(1);
				return 1;
			}).subscribeOn(Schedulers.parallel()).block()).hasCauseInstanceOf(BlockingOperationError.class);
			assertThat(BlockingCalls.detected()).singleElement().asString().startsWith("java.lang.Thread.sleep");
		}
		finally {
			BlockingCalls.clear();
		}
	}

	@Test
	void missThenHitReadAndWriteRedisWithoutBlocking() {
		CacheContexts.withRedis().run((context) -> {
			assertThat(context).getBean(ReactiveCacheStore.class).isInstanceOf(ReactiveRedisCacheStore.class);
			WebClient client = webClient(context);
			Result miss = get(client, this.origin.url("/a"));
			Result hit = get(client, this.origin.url("/a"));
			assertThat(miss.cacheStatus()).isEqualTo("http-cache; fwd=uri-miss; stored");
			assertThat(hit.cacheStatus()).isEqualTo("http-cache; hit");
			assertThat(hit.body()).isEqualTo("body of /a");
			// Whole seconds on the system clock: a cold first request can make it 1.
			assertThat(hit.header("Age")).singleElement().satisfies((age) -> assertThat(Integer.parseInt(age)).isBetween(0, 5));
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

	@Test
	void notModifiedRevalidationServesTheStoredBodyWithoutBlocking() {
		CacheContexts.withRedis().withPropertyValues("http.cache.expire-after=0").run((context) -> {
			WebClient client = webClient(context);
			this.origin.enqueue(Reply.ok("A").header("ETag", "\"v1\"")).enqueue(Reply.notModified().header("ETag", "\"v1\""));
			get(client, this.origin.url("/etag"));
			Result revalidated = get(client, this.origin.url("/etag"));
			assertThat(this.origin.lastRequest().header("If-None-Match")).isEqualTo("\"v1\"");
			assertThat(revalidated.body()).isEqualTo("A");
			assertThat(revalidated.cacheStatus()).isEqualTo("http-cache; fwd=stale; fwd-status=304; stored");
		});
	}

	@Test
	void redisDownIsAMissAndTheOriginAnswersWithoutBlocking() {
		CacheContexts.withoutStore()
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + closedPort(),
					"spring.data.redis.connect-timeout=200ms", "http.cache.redis.timeout=250ms")
			.run((context) -> {
				WebClient client = webClient(context);
				Result first = get(client, this.origin.url("/down"));
				Result second = get(client, this.origin.url("/down"));
				assertThat(first.body()).isEqualTo("body of /down");
				assertThat(second.cacheStatus()).isEqualTo("http-cache; fwd=uri-miss; detail=store-unavailable");
				assertThat(this.origin.requestCount()).isEqualTo(2);
			});
	}

	@Test
	void bodyOverMaxEntrySizeStreamsThroughWholeAndIsNotStored() {
		String large = "x".repeat(64 * 1024) + "end";
		this.origin.otherwise((request) -> Reply.ok(large));
		CacheContexts.withRedis().withPropertyValues("http.cache.max-entry-size=1KB").run((context) -> {
			WebClient client = webClient(context);
			Result first = get(client, this.origin.url("/large"));
			Result second = get(client, this.origin.url("/large"));
			assertThat(first.body()).isEqualTo(large);
			assertThat(first.cacheStatus()).isEqualTo("http-cache; fwd=uri-miss");
			assertThat(second.body()).isEqualTo(large);
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@Test
	void callerStoppingEarlyInAnOverSizeBodyLeavesNoBufferUnreleased() {
		String large = "y".repeat(256 * 1024);
		this.origin.otherwise((request) -> Reply.ok(large));
		CacheContexts.withRedis().withPropertyValues("http.cache.max-entry-size=1KB").run((context) -> {
			WebClient client = webClient(context);
			Integer firstChunk = Mono.defer(() -> client.get()
				.uri(this.origin.url("/large"))
				.exchangeToMono((response) -> response.bodyToFlux(DataBuffer.class).next().map((buffer) -> {
					int size = buffer.readableByteCount();
					DataBufferUtils.release(buffer);
					return size;
				})))
				.subscribeOn(Schedulers.parallel())
				.block(Duration.ofSeconds(30));
			assertThat(firstChunk).isPositive();
			assertThat(get(client, this.origin.url("/large")).body()).isEqualTo(large);
		});
	}

	@Test
	void originFailureReachesTheCallerAndLeavesNothingBehind() {
		CacheContexts.withRedis().run((context) -> {
			WebClient client = webClient(context);
			String unreachable = "http://127.0.0.1:" + closedPort() + "/gone";
			assertThatExceptionOfType(WebClientRequestException.class).isThrownBy(() -> get(client, unreachable));
		});
	}

	@Tag("wall-clock")
	@Test
	void callerCancellingMidBodyLeavesNoPartialEntry() throws Exception {
		CountDownLatch firstHalfSent = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		try (TestOrigin stalling = stallingOrigin(firstHalfSent, release)) {
			CacheContexts.withRedis().run((context) -> {
				WebClient client = webClient(context);
				String url = stalling.url("/stall");
				Mono<ResponseEntity<String>> call = client.get()
					.uri(url)
					.exchangeToMono((response) -> response.toEntity(String.class))
					.subscribeOn(Schedulers.parallel());
				// The caller gives up while the body is still arriving.
				assertThatExceptionOfType(RuntimeException.class)
					.isThrownBy(() -> call.timeout(Duration.ofMillis(500)).block(Duration.ofSeconds(10)));
				assertThat(firstHalfSent.await(5, TimeUnit.SECONDS)).isTrue();
				release.countDown();
				Result cached = get(client, url, HttpCacheRequest.onlyIfCached());
				assertThat(cached.status()).as("nothing was stored").isEqualTo(504);
			});
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void perRequestOptionsTravelAsWebClientAttributes() {
		CacheContexts.withRedis().run((context) -> {
			WebClient client = webClient(context);
			Result onlyIfCached = get(client, this.origin.url("/opt"), HttpCacheRequest.onlyIfCached());
			assertThat(onlyIfCached.status()).isEqualTo(504);
			assertThat(this.origin.requestCount()).isZero();
			get(client, this.origin.url("/opt"));
			Result bypass = get(client, this.origin.url("/opt"), HttpCacheRequest.bypass());
			assertThat(bypass.cacheStatus()).isEqualTo("http-cache; fwd=bypass");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@Test
	void entryStoredByRestClientIsAHitForWebClient() {
		CacheContexts.withRedis().run((context) -> {
			ClientKind.REST_CLIENT.create(context).get(this.origin.url("/shared"));
			Result hit = get(webClient(context), this.origin.url("/shared"));
			assertThat(hit.cacheStatus()).isEqualTo("http-cache; hit");
			assertThat(hit.body()).isEqualTo("body of /shared");
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

	@Test
	void entryStoredByWebClientIsAHitForRestClient() {
		CacheContexts.withRedis().run((context) -> {
			get(webClient(context), this.origin.url("/shared"));
			Result hit = ClientKind.REST_CLIENT.create(context).get(this.origin.url("/shared"));
			assertThat(hit.cacheStatus()).isEqualTo("http-cache; hit");
			assertThat(hit.body()).isEqualTo("body of /shared");
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

	@Test
	void listenersHearTheSameEventsFromWebClientAsFromRestClient() {
		Map<ClientKind, List<String>> events = new EnumMap<>(ClientKind.class);
		for (ClientKind kind : List.of(ClientKind.REST_CLIENT, ClientKind.WEB_CLIENT)) {
			RecordingListener listener = new RecordingListener();
			this.origin.enqueue(Reply.ok("A").header("ETag", "\"v1\"")).enqueue(Reply.notModified());
			CacheContexts.withRedis()
				.withPropertyValues("http.cache.expire-after=0")
				.withBean(HttpCacheListener.class, () -> listener)
				.run((context) -> {
					ClientKind.Client client = (kind == ClientKind.WEB_CLIENT) ? (method, url, headers, body,
							attributes) -> get(webClient(context), url, attributes) : kind.create(context);
					client.get(this.origin.url("/events"));
					client.get(this.origin.url("/events"));
				});
			events.put(kind, listener.events());
		}
		assertThat(events.get(ClientKind.REST_CLIENT)).containsExactlyInAnyOrder("store get success", "request miss",
				"store put success", "store get success", "revalidation not_modified", "store put success",
				"request revalidated");
		assertThat(events.get(ClientKind.WEB_CLIENT)).isEqualTo(events.get(ClientKind.REST_CLIENT));
	}

	@Test
	void redisWithoutAReactiveFactoryIsReachedOffTheEventLoop() {
		CacheContexts.withRedis().withUserConfiguration(BlockingOnlyRedis.class).run((context) -> {
			assertThat(context).doesNotHaveBean(ReactiveCacheStore.class);
			get(webClient(context), this.origin.url("/jedis-like"));
			Result hit = ClientKind.REST_CLIENT.create(context).get(this.origin.url("/jedis-like"));
			assertThat(hit.cacheStatus()).isEqualTo("http-cache; hit");
			assertThat(get(webClient(context), this.origin.url("/jedis-like")).cacheStatus()).isEqualTo("http-cache; hit");
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

	private static WebClient webClient(ApplicationContext context) {
		return context.getBean(WebClient.Builder.class).build();
	}

	private static Result get(WebClient client, String url) {
		return get(client, url, (attributes) -> {
		});
	}

	/** Subscribes on a Reactor thread, where BlockHound forbids blocking, and waits from the test thread. */
	private static Result get(WebClient client, String url, Consumer<Map<String, Object>> attributes) {
		ResponseEntity<String> response = Mono
			.defer(() -> client.get().uri(url).attributes(attributes).exchangeToMono((r) -> r.toEntity(String.class)))
			.subscribeOn(Schedulers.parallel())
			.block(Duration.ofSeconds(30));
		return new Result(response.getStatusCode().value(), response.getHeaders(), response.getBody());
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Sends the headers and half a cacheable body, then waits for {@code release} before the rest. */
	private static TestOrigin stallingOrigin(CountDownLatch firstHalfSent, CountDownLatch release) {
		return TestOrigin.raw((path, count, socket, out) -> {
			byte[] firstHalf = "first half ".repeat(512).getBytes(StandardCharsets.UTF_8);
			byte[] secondHalf = "second half".getBytes(StandardCharsets.UTF_8);
			TestOrigin.write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
					+ (firstHalf.length + secondHalf.length) + "\r\nConnection: close\r\n\r\n");
			out.write(firstHalf);
			out.flush();
			firstHalfSent.countDown();
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			out.write(secondHalf);
			out.flush();
		});
	}

	/** A RedisConnectionFactory that is not reactive, as with Jedis: the blocking store is adapted. */
	@Configuration(proxyBeanMethods = false)
	static class BlockingOnlyRedis {

		@Bean
		RedisConnectionFactory redisConnectionFactory() {
			LettuceConnectionFactory lettuce = TestRedis.get().connectionFactory();
			return (RedisConnectionFactory) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { RedisConnectionFactory.class, DisposableBean.class }, (proxy, method, args) -> {
						if (method.getName().equals("destroy")) {
							lettuce.destroy();
							return null;
						}
						try {
							return method.invoke(lettuce, args);
						}
						catch (java.lang.reflect.InvocationTargetException ex) {
							throw ex.getCause();
						}
					});
		}

	}

}
