package io.github.httpcache.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.httpcache.autoconfigure.HttpCacheAutoConfiguration;
import io.github.httpcache.core.HttpDates;
import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.MutableClock;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9111 behaviour through real clients, a real origin and a real Redis, with
 * {@code cache-control=true} and a clock the tests move: Vary variants, Age on hits, validation with
 * several variants, the caller's own conditionals, must-revalidate, HEAD, invalidation and
 * shared-cache rules.
 */
class Rfc9111EndToEndTests {

	private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

	private TestOrigin origin;

	@BeforeEach
	void startOrigin() {
		this.origin = TestOrigin.start();
	}

	@AfterEach
	void stopOrigin() {
		this.origin.close();
	}

	private ApplicationContextRunner contexts() {
		return CacheContexts.withRedis()
			.withPropertyValues("http.cache.cache-control=true")
			.withBean(HttpCacheAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> this.clock);
	}

	private Reply fresh(String body, int maxAge) {
		return Reply.ok(body).header("Date", HttpDates.format(this.clock.instant()))
			.header("Cache-Control", "max-age=" + maxAge);
	}

	// RFC 9111 §4.1

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void eachLanguageIsServedItsOwnStoredVariant(ClientKind kind) {
		this.origin.otherwise((request) -> fresh("in " + request.header("Accept-Language"), 60)
			.header("Vary", "Accept-Language"));
		contexts().run((context) -> {
			Client client = kind.create(context);
			assertThat(client.get(url("/page"), Map.of("Accept-Language", "en")).body()).isEqualTo("in en");
			assertThat(client.get(url("/page"), Map.of("Accept-Language", "fr")).body()).isEqualTo("in fr");
			Result english = client.get(url("/page"), Map.of("Accept-Language", "en"));
			Result french = client.get(url("/page"), Map.of("Accept-Language", "fr"));
			assertThat(english.body()).isEqualTo("in en");
			assertThat(english.cacheStatus()).startsWith("http-cache; hit");
			assertThat(french.body()).isEqualTo("in fr");
			assertThat(french.cacheStatus()).startsWith("http-cache; hit");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void varyStarIsNeverServedFromTheCache(ClientKind kind) {
		this.origin.otherwise((request) -> fresh("any", 60).header("Vary", "*"));
		contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(url("/star"));
			client.get(url("/star"));
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aNotModifiedThatChangesVaryIsStoredForTheValidatedRequestNotMergedIntoTheOldVariant(ClientKind kind) {
		this.origin.enqueue(fresh("flavoured", 10).header("Vary", "X-Flavour").header("ETag", "\"v1\""))
			.otherwise((request) -> fresh("fetched", 60).header("Vary", "X-Region").header("ETag", "\"v2\""));
		contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(url("/menu"), Map.of("X-Flavour", "a", "X-Region", "eu"));
			this.clock.advance(Duration.ofSeconds(20));
			this.origin.enqueue(Reply.notModified()
				.header("Date", HttpDates.format(this.clock.instant()))
				.header("ETag", "\"v1\"")
				.header("Vary", "X-Region")
				.header("Cache-Control", "max-age=60"));
			Result revalidated = client.get(url("/menu"), Map.of("X-Flavour", "a", "X-Region", "us"));
			assertThat(revalidated.cacheStatus()).isEqualTo("http-cache; fwd=stale; fwd-status=304; stored");
			assertThat(revalidated.body()).isEqualTo("flavoured");
			assertThat(this.origin.requestCount()).isEqualTo(2);

			// Merged into the old variant, the entry would say Vary: X-Region while holding X-Flavour's
			// value, and this request (no X-Region) would match it and be served as a hit.
			Result noRegion = client.get(url("/menu"), Map.of("X-Flavour", "a"));
			assertThat(noRegion.cacheStatus()).doesNotStartWith("http-cache; hit");
			assertThat(this.origin.requestCount()).isEqualTo(3);

			// Stored as the validated request's variant: selected by X-Region alone now.
			Result sameRegion = client.get(url("/menu"), Map.of("X-Flavour", "b", "X-Region", "us"));
			assertThat(sameRegion.cacheStatus()).startsWith("http-cache; hit");
			assertThat(sameRegion.body()).isEqualTo("flavoured");
			assertThat(this.origin.requestCount()).isEqualTo(3);
		});
	}

	// RFC 9111 §4.2.3, §5.1

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void hitCarriesItsAgeCorrectedForTheAgeItArrivedWith(ClientKind kind) {
		this.origin.enqueue(fresh("A", 100).header("Age", "5"));
		contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(url("/aged"));
			this.clock.advance(Duration.ofSeconds(30));
			Result hit = client.get(url("/aged"));
			assertThat(hit.header("Age")).containsExactly("35");
			assertThat(hit.cacheStatus()).isEqualTo("http-cache; hit; ttl=65");
		});
	}

	// RFC 9111 §4.3.1, §4.3.4

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void revalidationWithSeveralVariantsSendsEveryTagAndFreshensTheOneTheOriginNames(ClientKind kind) {
		this.origin.enqueue(fresh("in en", 10).header("Vary", "Accept-Language").header("ETag", "\"en-1\""))
			.enqueue(fresh("in fr", 10).header("Vary", "Accept-Language").header("ETag", "\"fr-1\""));
		contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(url("/negotiated"), Map.of("Accept-Language", "en"));
			client.get(url("/negotiated"), Map.of("Accept-Language", "fr"));
			this.clock.advance(Duration.ofSeconds(20));
			this.origin.enqueue(Reply.notModified()
				.header("Date", HttpDates.format(this.clock.instant()))
				.header("ETag", "\"fr-1\"")
				.header("Cache-Control", "max-age=60"));
			Result revalidated = client.get(url("/negotiated"), Map.of("Accept-Language", "fr"));
			assertThat(this.origin.lastRequest().header("If-None-Match")).isEqualTo("\"fr-1\", \"en-1\"");
			assertThat(revalidated.status()).isEqualTo(200);
			assertThat(revalidated.body()).isEqualTo("in fr");
			assertThat(revalidated.cacheStatus()).isEqualTo("http-cache; fwd=stale; fwd-status=304; stored");
			Result hit = client.get(url("/negotiated"), Map.of("Accept-Language", "fr"));
			assertThat(hit.cacheStatus()).startsWith("http-cache; hit");
			assertThat(hit.body()).isEqualTo("in fr");
			assertThat(this.origin.requestCount()).isEqualTo(3);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void notModifiedOlderThanTheStoredResponseIsRetriedUnconditionally(ClientKind kind) throws Exception {
		// The JDK server stamps its own Date on every response, so this origin speaks HTTP over a bare socket.
		Instant stored = this.clock.instant();
		try (SocketOrigin socketOrigin = SocketOrigin.start()) {
			socketOrigin.enqueue(200, "A", "Date: " + HttpDates.format(stored), "Cache-Control: max-age=10", "ETag: \"v1\"")
				.enqueue(304, "", "Date: " + HttpDates.format(stored.minusSeconds(3600)), "ETag: \"v1\"")
				.enqueue(200, "B", "Date: " + HttpDates.format(stored.plusSeconds(20)), "Cache-Control: max-age=10",
						"ETag: \"v2\"");
			contexts().run((context) -> {
				Client client = kind.create(context);
				client.get(socketOrigin.url("/r"));
				this.clock.advance(Duration.ofSeconds(20));
				Result result = client.get(socketOrigin.url("/r"));
				assertThat(result.body()).isEqualTo("B");
				assertThat(socketOrigin.requests()).hasSize(3);
				assertThat(socketOrigin.requests().get(1)).containsIgnoringCase("If-None-Match: \"v1\"");
				assertThat(socketOrigin.requests().get(2)).doesNotContainIgnoringCase("If-None-Match");
				assertThat(client.get(socketOrigin.url("/r")).body()).isEqualTo("B");
				assertThat(socketOrigin.requests()).hasSize(3);
			});
		}
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void notModifiedNamingNoStoredResponseIsRetriedUnconditionally(ClientKind kind) {
		this.origin.enqueue(fresh("A", 10).header("ETag", "\"v1\""));
		contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(url("/r"));
			this.clock.advance(Duration.ofSeconds(20));
			this.origin.enqueue(Reply.notModified().header("ETag", "\"other\""));
			this.origin.enqueue(fresh("B", 10));
			assertThat(client.get(url("/r")).body()).isEqualTo("B");
			assertThat(this.origin.lastRequest().header("If-None-Match")).isNull();
		});
	}

	// RFC 9111 §4.3.2

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void callersOwnConditionalIsAnsweredFromAFreshEntry(ClientKind kind) {
		this.origin.enqueue(fresh("A", 60).header("ETag", "\"v1\""));
		contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(url("/c"));
			Result notModified = client.get(url("/c"), Map.of("If-None-Match", "\"v1\""));
			assertThat(notModified.status()).isEqualTo(304);
			assertThat(notModified.cacheStatus()).startsWith("http-cache; hit");
			Result changed = client.get(url("/c"), Map.of("If-None-Match", "\"v0\""));
			assertThat(changed.status()).isEqualTo(200);
			assertThat(changed.body()).isEqualTo("A");
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void callersOwnConditionalOnAStaleEntryIsPassedThrough(ClientKind kind) {
		this.origin.enqueue(fresh("A", 10).header("ETag", "\"v1\""));
		contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(url("/c"));
			this.clock.advance(Duration.ofSeconds(20));
			this.origin.enqueue(Reply.notModified().header("ETag", "\"v0\""));
			Result passed = client.get(url("/c"), Map.of("If-None-Match", "\"v0\""));
			assertThat(passed.status()).isEqualTo(304);
			assertThat(this.origin.lastRequest().header("If-None-Match")).isEqualTo("\"v0\"");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	// RFC 9111 §5.2.2.2, §5.2.2.4

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void mustRevalidateEntryAnswers504WhenTheOriginCannotBeReached(ClientKind kind) {
		TestOrigin failing = TestOrigin.start();
		failing.enqueue(fresh("A", 10).header("Cache-Control", "max-age=10, must-revalidate").header("ETag", "\"v1\""));
		contexts().run((context) -> {
			Client client = kind.create(context);
			String url = failing.url("/strict");
			client.get(url);
			failing.close();
			this.clock.advance(Duration.ofSeconds(20));
			Result result = client.exchange("GET", url, Map.of("Cache-Control", "max-stale"), null, (attributes) -> {
			});
			assertThat(result.status()).isEqualTo(504);
			assertThat(result.cacheStatus()).contains("detail=must-revalidate");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void responseNoCacheIsRevalidatedOnEveryUse(ClientKind kind) {
		this.origin.enqueue(fresh("A", 600).header("Cache-Control", "max-age=600, no-cache").header("ETag", "\"v1\""))
			.enqueue(Reply.notModified().header("ETag", "\"v1\""))
			.enqueue(Reply.notModified().header("ETag", "\"v1\""));
		contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(url("/nc"));
			assertThat(client.get(url("/nc")).body()).isEqualTo("A");
			assertThat(client.get(url("/nc")).body()).isEqualTo("A");
			assertThat(this.origin.requestCount()).isEqualTo(3);
			assertThat(this.origin.lastRequest().header("If-None-Match")).isEqualTo("\"v1\"");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void requestMaxStaleIsServedAStaleEntry(ClientKind kind) {
		this.origin.enqueue(fresh("A", 10));
		contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(url("/s"));
			this.clock.advance(Duration.ofSeconds(20));
			Result stale = client.get(url("/s"), Map.of("Cache-Control", "max-stale=30"));
			assertThat(stale.body()).isEqualTo("A");
			assertThat(stale.cacheStatus()).isEqualTo("http-cache; hit; ttl=-10");
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

	// RFC 9111 §4.3.5

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void headIsAnsweredFromAStoredGet(ClientKind kind) {
		this.origin.enqueue(fresh("A", 60));
		contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(url("/h"));
			Result head = client.exchange("HEAD", url("/h"), Map.of(), null, (attributes) -> {
			});
			assertThat(head.status()).isEqualTo(200);
			assertThat(head.body()).isNull();
			assertThat(head.cacheStatus()).startsWith("http-cache; hit");
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void headResponseFreshensTheStoredGet(ClientKind kind) {
		this.origin.enqueue(fresh("A", 10).header("ETag", "\"v1\""));
		contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(url("/h"));
			this.clock.advance(Duration.ofSeconds(20));
			// An origin that ignores the conditional HEAD and answers 200 with the same validator.
			this.origin.enqueue(fresh("", 60).header("ETag", "\"v1\""));
			client.exchange("HEAD", url("/h"), Map.of(), null, (attributes) -> {
			});
			Result get = client.get(url("/h"));
			assertThat(get.body()).isEqualTo("A");
			assertThat(get.cacheStatus()).startsWith("http-cache; hit");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void headResponseWithAnotherValidatorMakesTheStoredGetStale(ClientKind kind) {
		this.origin.enqueue(fresh("A", 60).header("ETag", "\"v1\""));
		contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(url("/h"));
			this.origin.enqueue(fresh("", 60).header("ETag", "\"v2\""));
			// max-age=0 a second later makes the cache ask the origin while the stored GET is still fresh.
			this.clock.advance(Duration.ofSeconds(1));
			client.exchange("HEAD", url("/h"), Map.of("Cache-Control", "max-age=0"), null, (attributes) -> {
			});
			this.origin.enqueue(fresh("B", 60).header("ETag", "\"v2\""));
			assertThat(client.get(url("/h")).body()).isEqualTo("B");
			assertThat(this.origin.requestCount()).isEqualTo(3);
		});
	}

	// RFC 9111 §4.4

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void successfulPostPutAndDeleteInvalidateTheTarget(ClientKind kind) {
		this.origin.otherwise((request) -> request.method().equals("GET") ? fresh("state " + this.origin.requestCount(), 60)
				: Reply.status(204, ""));
		contexts().run((context) -> {
			Client client = kind.create(context);
			for (String method : new String[] { "POST", "PUT", "DELETE" }) {
				String before = client.get(url("/item")).body();
				assertThat(client.get(url("/item")).body()).isEqualTo(before);
				client.exchange(method, url("/item"), Map.of(), "x", (attributes) -> {
				});
				Result after = client.get(url("/item"));
				assertThat(after.cacheStatus()).as(method).startsWith("http-cache; fwd=uri-miss");
				assertThat(after.body()).isNotEqualTo(before);
			}
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void postInvalidatesSameOriginLocationButNeverAnotherOrigin(ClientKind kind) {
		String otherOrigin = "http://localhost:" + this.origin.port() + "/items/2";
		this.origin.otherwise((request) -> request.method().equals("GET") ? fresh("item", 60)
				: Reply.status(201, "").header("Location", "/items/1").header("Content-Location", otherOrigin));
		contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(url("/items/1"));
			client.get(otherOrigin);
			client.exchange("POST", url("/items"), Map.of(), "x", (attributes) -> {
			});
			assertThat(client.get(url("/items/1")).cacheStatus()).startsWith("http-cache; fwd=uri-miss");
			assertThat(client.get(otherOrigin).cacheStatus()).startsWith("http-cache; hit");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void failedPostInvalidatesNothing(ClientKind kind) {
		this.origin.otherwise((request) -> request.method().equals("GET") ? fresh("item", 60)
				: Reply.status(500, "failed"));
		contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(url("/item"));
			client.exchange("POST", url("/item"), Map.of(), "x", (attributes) -> {
			});
			assertThat(client.get(url("/item")).cacheStatus()).startsWith("http-cache; hit");
		});
	}

	// RFC 9111 §3.5, §5.2.2.7, §5.2.2.10

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void sharedCacheDoesNotStorePrivateResponses(ClientKind kind) {
		this.origin.otherwise((request) -> fresh("mine", 60).header("Cache-Control", "private, max-age=60"));
		contexts().withPropertyValues("http.cache.shared=true").run((context) -> {
			Client client = kind.create(context);
			client.get(url("/p"));
			assertThat(client.get(url("/p")).cacheStatus()).isEqualTo("http-cache; fwd=uri-miss");
		});
		contexts().run((context) -> {
			Client client = kind.create(context);
			client.get(url("/p"));
			assertThat(client.get(url("/p")).cacheStatus()).startsWith("http-cache; hit");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void sharedCacheStoresAuthorizedResponsesOnlyWhenAllowed(ClientKind kind) {
		Map<String, String> token = Map.of("Authorization", "Bearer t");
		this.origin.otherwise((request) -> request.uri().getPath().equals("/public")
				? fresh("p", 60).header("Cache-Control", "public, max-age=60") : fresh("x", 60));
		contexts().withPropertyValues("http.cache.shared=true").run((context) -> {
			Client client = kind.create(context);
			client.get(url("/plain"), token);
			assertThat(client.get(url("/plain"), token).cacheStatus()).isEqualTo("http-cache; fwd=uri-miss");
			client.get(url("/public"), token);
			assertThat(client.get(url("/public"), token).cacheStatus()).startsWith("http-cache; hit");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void sharedCacheUsesSMaxAge(ClientKind kind) {
		this.origin.otherwise((request) -> fresh("s", 10).header("Cache-Control", "max-age=10, s-maxage=100"));
		contexts().withPropertyValues("http.cache.shared=true").run((context) -> {
			Client client = kind.create(context);
			client.get(url("/s"));
			this.clock.advance(Duration.ofSeconds(50));
			assertThat(client.get(url("/s")).cacheStatus()).isEqualTo("http-cache; hit; ttl=50");
		});
	}

	private String url(String path) {
		return this.origin.url(path);
	}

	/**
	 * An HTTP/1.1 origin over a bare socket that answers each connection with the next scripted
	 * response, header fields exactly as given, and records each request's header section.
	 */
	static final class SocketOrigin implements AutoCloseable {

		private final ServerSocket server;

		private final Deque<String> replies = new ConcurrentLinkedDeque<>();

		private final List<String> requests = new CopyOnWriteArrayList<>();

		private SocketOrigin(ServerSocket server) {
			this.server = server;
		}

		static SocketOrigin start() throws IOException {
			SocketOrigin origin = new SocketOrigin(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
			Thread thread = new Thread(origin::serve, "socket-origin");
			thread.setDaemon(true);
			thread.start();
			return origin;
		}

		SocketOrigin enqueue(int status, String body, String... fields) {
			StringBuilder reply = new StringBuilder("HTTP/1.1 ").append(status).append(status == 304 ? " Not Modified" : " OK")
				.append("\r\n");
			for (String field : fields) {
				reply.append(field).append("\r\n");
			}
			if (status != 304) {
				reply.append("Content-Length: ").append(body.length()).append("\r\n");
			}
			reply.append("Connection: close\r\n\r\n").append(body);
			this.replies.add(reply.toString());
			return this;
		}

		String url(String path) {
			return "http://127.0.0.1:" + this.server.getLocalPort() + path;
		}

		List<String> requests() {
			return List.copyOf(this.requests);
		}

		private void serve() {
			while (!this.server.isClosed()) {
				try (Socket socket = this.server.accept()) {
					BufferedReader in = new BufferedReader(
							new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
					StringBuilder request = new StringBuilder();
					for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
						request.append(line).append('\n');
					}
					this.requests.add(request.toString());
					String reply = this.replies.poll();
					OutputStream out = socket.getOutputStream();
					out.write(((reply != null) ? reply : "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
						.getBytes(StandardCharsets.ISO_8859_1));
					out.flush();
				}
				catch (IOException ex) {
					// closed, or the client went away
				}
			}
		}

		@Override
		public void close() throws IOException {
			this.server.close();
		}

	}


}
