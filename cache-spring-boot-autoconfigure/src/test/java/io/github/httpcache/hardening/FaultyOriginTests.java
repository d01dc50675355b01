package io.github.httpcache.hardening;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.httpcache.autoconfigure.HttpCacheAutoConfiguration;
import io.github.httpcache.test.MutableClock;

import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.TestOrigin;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An origin that misbehaves (cuts a body short, resets the connection, streams past
 * {@code max-entry-size}) never leaves a truncated or half-written entry behind: the next request
 * goes to the origin and gets the whole body.
 */
@Timeout(60)
class FaultyOriginTests {

	private static final String FULL = "the whole body, every byte of it";

	/** The first answer is broken as the path says; every later one is good. */
	private static void misbehaveOnce(String path, int count, java.net.Socket socket, OutputStream out)
			throws IOException {
		if (count > 1) {
			TestOrigin.writeCacheable(out, FULL);
			return;
		}
		switch (path) {
			case "/short-body" -> {
				TestOrigin.write(out, "HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nContent-Length: 500\r\n\r\n");
				TestOrigin.write(out, "only the beginning");
			}
			case "/cut-chunks" -> {
				TestOrigin.write(out, "HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nTransfer-Encoding: chunked\r\n\r\n");
				TestOrigin.write(out, "5\r\nhello\r\n");
			}
			case "/reset" -> {
				socket.setSoLinger(true, 0);
			}
			default -> TestOrigin.writeCacheable(out, FULL);
		}
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void bodyShorterThanContentLengthIsNeverStored(ClientKind kind) throws Exception {
		assertNothingStoredAfterAFault(kind, "/short-body");
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void chunkedBodyCutMidwayIsNeverStored(ClientKind kind) throws Exception {
		assertNothingStoredAfterAFault(kind, "/cut-chunks");
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void connectionResetIsNeverStored(ClientKind kind) throws Exception {
		assertNothingStoredAfterAFault(kind, "/reset");
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void endlessBodyPastMaxEntrySizeStreamsThroughUnstored(ClientKind kind) throws Exception {
		// Past max-entry-size many times over, yet under the test WebClient's 256 KiB decoding limit.
		int size = 200 * 1024;
		try (TestOrigin origin = TestOrigin.raw((path, count, socket, out) -> {
			TestOrigin.write(out, "HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nTransfer-Encoding: chunked\r\n\r\n");
			byte[] chunk = "x".repeat(8192).getBytes();
			String header = Integer.toHexString(chunk.length) + "\r\n";
			for (int sent = 0; sent < size; sent += chunk.length) {
				TestOrigin.write(out, header);
				out.write(chunk);
				TestOrigin.write(out, "\r\n");
			}
			TestOrigin.write(out, "0\r\n\r\n");
		})) {
			CacheContexts.withRedis().withPropertyValues("http.cache.max-entry-size=64KB").run((context) -> {
				Client client = kind.create(context);
				Result first = client.get(origin.url("/big"));
				assertThat(first.body()).hasSize(size);
				assertThat(first.cacheStatus()).isEqualTo("http-cache; fwd=uri-miss");
				Result second = client.get(origin.url("/big"));
				assertThat(second.body()).hasSize(size);
				assertThat(origin.requestCount("/big")).isEqualTo(2);
			});
		}
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void bodyCutShortOnRevalidationServesStaleIfError(ClientKind kind) throws Exception {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
		try (TestOrigin origin = TestOrigin.raw((path, count, socket, out) -> {
			if (count == 1) {
				TestOrigin.write(out, "HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nContent-Length: " + FULL.length()
						+ "\r\n\r\n" + FULL);
				return;
			}
			// The origin fails mid-body: an IOException while the body is read.
			TestOrigin.write(out, "HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nContent-Length: 500\r\n\r\n");
			TestOrigin.write(out, "only the beginning");
		})) {
			CacheContexts.withRedis()
				.withBean(HttpCacheAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> clock)
				.withPropertyValues("http.cache.cache-control=true", "http.cache.stale-if-error=true")
				.run((context) -> {
					Client client = kind.create(context);
					assertThat(client.get(origin.url("/stale")).body()).isEqualTo(FULL);
					clock.advance(Duration.ofMinutes(5));
					Result stale = client.get(origin.url("/stale"));
					assertThat(stale.status()).isEqualTo(200);
					assertThat(stale.body()).isEqualTo(FULL);
					assertThat(origin.requestCount("/stale")).isEqualTo(2);
				});
		}
	}

	private static void assertNothingStoredAfterAFault(ClientKind kind, String path) throws Exception {
		try (TestOrigin origin = TestOrigin.raw(FaultyOriginTests::misbehaveOnce)) {
			CacheContexts.withRedis().run((context) -> {
				Client client = kind.create(context);
				try {
					Result broken = client.get(origin.url(path));
					assertThat(broken.body()).as("a broken answer is never passed off as complete").isNotEqualTo(FULL);
				}
				catch (RuntimeException expected) {
					// the caller sees the origin's failure, as without a cache
				}
				Result next = client.get(origin.url(path));
				assertThat(next.body()).isEqualTo(FULL);
				assertThat(next.cacheStatus()).as("nothing was stored by the broken exchange").contains("fwd=");
				assertThat(client.get(origin.url(path)).cacheStatus()).startsWith("http-cache; hit");
				assertThat(origin.requestCount(path)).isEqualTo(2);
			});
		}
	}

}
