package io.github.httpcache.internal.metrics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.github.httpcache.autoconfigure.HttpCacheMetricsAutoConfiguration;
import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Each value of each tag, driven through a real client, a real origin and a real Redis (or a Redis
 * that is down or hangs), and read back from a {@link SimpleMeterRegistry}.
 */
class HttpCacheMetricsTests {

	private TestOrigin origin;

	@BeforeEach
	void startOrigin() {
		this.origin = TestOrigin.start().otherwise((request) -> Reply.ok("body of " + request.uri()));
	}

	@AfterEach
	void stopOrigin() {
		this.origin.close();
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void firstRequestIsAMissAndTheRepeatAHit(ClientKind kind) {
		withMetrics(CacheContexts.withRedis()).run((context) -> {
			Client client = kind.create(context);
			client.get(this.origin.url("/a"));
			client.get(this.origin.url("/a"));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(requests(registry, "miss")).isEqualTo(1);
			assertThat(requests(registry, "hit")).isEqualTo(1);
			assertThat(storeCalls(registry, "get", "success")).isEqualTo(2);
			assertThat(storeCalls(registry, "put", "success")).isEqualTo(1);
			assertThat(totalRequests(registry)).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void requestThatMayNotUseTheCacheIsABypass(ClientKind kind) {
		withMetrics(CacheContexts.withRedis()).run((context) -> {
			Client client = kind.create(context);
			client.get(this.origin.url("/a"), Map.of("Cache-Control", "no-store"));
			client.exchange("POST", this.origin.url("/a"), Map.of(), "x", (attributes) -> {
			});
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(requests(registry, "bypass")).isEqualTo(2);
			assertThat(totalRequests(registry)).isEqualTo(2);
			assertThat(storeCalls(registry, "get", "success")).isZero();
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void expiredEntryServedWithinRequestMaxStaleIsStale(ClientKind kind) {
		withMetrics(CacheContexts.withRedis().withPropertyValues("http.cache.expire-after=0")).run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("ETag", "\"a\""));
			client.get(this.origin.url("/a"));
			Result stale = client.get(this.origin.url("/a"), Map.of("Cache-Control", "max-stale"));
			assertThat(stale.body()).isEqualTo("A");
			assertThat(this.origin.requestCount()).isEqualTo(1);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(requests(registry, "stale")).isEqualTo(1);
			assertThat(revalidations(registry, "not_modified") + revalidations(registry, "modified")).isZero();
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void expiredEntryConfirmedByA304IsRevalidatedAndNotModified(ClientKind kind) {
		withMetrics(CacheContexts.withRedis().withPropertyValues("http.cache.expire-after=0")).run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("ETag", "\"a\"")).enqueue(Reply.notModified().header("ETag", "\"a\""));
			client.get(this.origin.url("/a"));
			Result revalidated = client.get(this.origin.url("/a"));
			assertThat(revalidated.body()).isEqualTo("A");
			assertThat(this.origin.lastRequest().header("If-None-Match")).isEqualTo("\"a\"");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(requests(registry, "revalidated")).isEqualTo(1);
			assertThat(revalidations(registry, "not_modified")).isEqualTo(1);
			assertThat(revalidations(registry, "modified")).isZero();
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void expiredEntryReplacedByTheOriginIsModified(ClientKind kind) {
		withMetrics(CacheContexts.withRedis().withPropertyValues("http.cache.expire-after=0")).run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("ETag", "\"a\"")).enqueue(Reply.ok("B").header("ETag", "\"b\""));
			client.get(this.origin.url("/a"));
			Result modified = client.get(this.origin.url("/a"));
			assertThat(modified.body()).isEqualTo("B");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(requests(registry, "modified")).isEqualTo(1);
			assertThat(revalidations(registry, "modified")).isEqualTo(1);
			assertThat(revalidations(registry, "not_modified")).isZero();
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void revalidationThatCannotReachTheOriginIsAnError(ClientKind kind) {
		withMetrics(CacheContexts.withRedis().withPropertyValues("http.cache.expire-after=0")).run((context) -> {
			Client client = kind.create(context);
			this.origin.enqueue(Reply.ok("A").header("ETag", "\"a\""));
			String url = this.origin.url("/a");
			client.get(url);
			this.origin.close();
			assertThatException().isThrownBy(() -> client.get(url));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(revalidations(registry, "error")).isEqualTo(1);
			assertThat(requests(registry, "error")).isEqualTo(1);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void requestWhoseStoreIsDownIsAnErrorAndStillAnswered(ClientKind kind) throws IOException {
		int closedPort = closedPort();
		// A refused connection is an error, but a cold first call on a busy machine can pass the 250 ms
		// default and count as a timeout instead: the bound is raised, as CacheContexts.withRedis() does.
		withMetrics(CacheContexts.withoutStore()).withPropertyValues("spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + closedPort, "spring.data.redis.connect-timeout=500ms",
				"http.cache.redis.timeout=5s")
			.run((context) -> {
				Client client = kind.create(context);
				Result result = client.get(this.origin.url("/a"));
				assertThat(result.body()).isEqualTo("body of /a");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(requests(registry, "error")).isEqualTo(1);
				assertThat(totalRequests(registry)).isEqualTo(1);
				assertThat(storeCalls(registry, "get", "error")).isEqualTo(1);
				assertThat(storeCalls(registry, "put", "error")).as("no write after a failed read").isZero();
			});
	}

	@Tag("wall-clock")
	@Test
	void storeCallThatHangsPastTheTimeoutIsATimeout() throws IOException {
		try (SilentServer silent = SilentServer.start()) {
			withMetrics(CacheContexts.withoutStore())
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + silent.port(),
						"spring.data.redis.timeout=300ms", "spring.data.redis.connect-timeout=300ms")
				.run((context) -> {
					Result result = ClientKind.REST_CLIENT.create(context).get(this.origin.url("/a"));
					assertThat(result.body()).isEqualTo("body of /a");
					MeterRegistry registry = context.getBean(MeterRegistry.class);
					assertThat(storeCalls(registry, "get", "timeout")).isEqualTo(1);
					assertThat(requests(registry, "error")).isEqualTo(1);
				});
		}
	}

	@Test
	void everySeriesIsRegisteredAtZeroBeforeTheFirstRequest() {
		withMetrics(CacheContexts.withRedis()).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find(HttpCacheMetrics.REQUESTS).tag("cache", "http-cache").counters())
				.extracting((counter) -> counter.getId().getTag("result"))
				.containsExactlyInAnyOrder("hit", "stale", "revalidated", "modified", "miss", "bypass", "error");
			assertThat(registry.find(HttpCacheMetrics.REVALIDATIONS).tag("cache", "http-cache").counters())
				.extracting((counter) -> counter.getId().getTag("outcome"))
				.containsExactlyInAnyOrder("not_modified", "modified", "error");
			assertThat(registry.find(HttpCacheMetrics.STORE_LATENCY).tag("cache", "http-cache").timers()).hasSize(9);
			assertThat(registry.getMeters()).allSatisfy((meter) -> {
				assertThat(meter.getId().getDescription()).isNotBlank();
				assertThat(meter.getId().getTags()).noneSatisfy((tag) -> assertThat(tag.getKey()).isIn("uri", "url", "host"));
			});
			assertThat(totalRequests(registry)).isZero();
		});
	}

	private static ApplicationContextRunner withMetrics(ApplicationContextRunner runner) {
		return runner.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.withConfiguration(AutoConfigurations.of(HttpCacheMetricsAutoConfiguration.class));
	}

	static double requests(MeterRegistry registry, String result) {
		return registry.get(HttpCacheMetrics.REQUESTS).tag("cache", "http-cache").tag("result", result).counter().count();
	}

	static double totalRequests(MeterRegistry registry) {
		return registry.get(HttpCacheMetrics.REQUESTS).counters().stream().mapToDouble((counter) -> counter.count()).sum();
	}

	static double revalidations(MeterRegistry registry, String outcome) {
		return registry.get(HttpCacheMetrics.REVALIDATIONS)
			.tag("cache", "http-cache")
			.tag("outcome", outcome)
			.counter()
			.count();
	}

	static long storeCalls(MeterRegistry registry, String operation, String outcome) {
		return registry.get(HttpCacheMetrics.STORE_LATENCY)
			.tag("cache", "http-cache")
			.tag("operation", operation)
			.tag("outcome", outcome)
			.timer()
			.count();
	}

	/** A port nothing listens on: connections to it are refused. */
	static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/** Accepts connections and never answers, as a Redis that hangs. */
	static final class SilentServer implements AutoCloseable {

		private final ServerSocket socket;

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		private SilentServer(ServerSocket socket) {
			this.socket = socket;
		}

		static SilentServer start() throws IOException {
			SilentServer server = new SilentServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
			Thread acceptor = new Thread(() -> {
				try {
					while (true) {
						server.accepted.add(server.socket.accept());
					}
				}
				catch (IOException ex) {
					// closed
				}
			}, "silent-redis");
			acceptor.setDaemon(true);
			acceptor.start();
			return server;
		}

		int port() {
			return this.socket.getLocalPort();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
			for (Socket client : this.accepted) {
				client.close();
			}
		}

	}

}
