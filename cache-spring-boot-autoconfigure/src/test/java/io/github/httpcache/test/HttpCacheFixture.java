package io.github.httpcache.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import io.github.httpcache.autoconfigure.HttpCacheAutoConfiguration;
import io.github.httpcache.client.HttpCacheListener;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.TestOrigin.Recorded;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an end-to-end test stands on: a counting {@link TestOrigin} on 127.0.0.1, a
 * {@link MutableClock} the cache reads time from, a {@link RecordingListener}, and application
 * contexts over the real test Redis (under a key prefix of this test's own) from which each
 * {@link ClientKind} is built as a user builds it. Register it as a field:
 * <pre>{@code
 * @RegisterExtension
 * final HttpCacheFixture fixture = HttpCacheFixture.answering((request) -> Reply.ok("C"));
 * }</pre>
 * The origin starts with the fixture and stops after each test. The "A then B" assertions send the
 * same GET twice and say what the second one was: {@link #assertFullyCached served from the cache},
 * {@link #assertConditionallyCached revalidated with a 304}, or {@link #assertNotCached sent on}.
 */
public final class HttpCacheFixture implements AfterEachCallback {

	private final TestOrigin origin;

	private MutableClock clock;

	private final RecordingListener listener = new RecordingListener();

	private final String keyPrefix;

	private final List<String> properties = new ArrayList<>();

	private HttpCacheFixture(Function<Recorded, Reply> answers, MutableClock clock, String keyPrefix) {
		this.origin = TestOrigin.start().otherwise(answers);
		this.clock = clock;
		this.keyPrefix = keyPrefix;
	}

	/** A fixture whose origin answers with {@code answers} whenever no reply is enqueued. */
	public static HttpCacheFixture answering(Function<Recorded, Reply> answers) {
		return new HttpCacheFixture(answers, new MutableClock(), "test-" + UUID.randomUUID() + ":");
	}

	/** A fixture whose origin answers only what a test enqueues (404 otherwise). */
	public static HttpCacheFixture scripted() {
		return answering((request) -> Reply.status(404, "no reply enqueued"));
	}

	/** The same fixture with its clock starting at {@code start} rather than {@link MutableClock#START}. */
	public HttpCacheFixture startingAt(Instant start) {
		this.clock = new MutableClock(start);
		return this;
	}

	/** Properties every context of this fixture has (a test's own come after and win). */
	public HttpCacheFixture withProperties(String... properties) {
		return withProperties(List.of(properties));
	}

	private HttpCacheFixture withProperties(List<String> properties) {
		this.properties.addAll(properties);
		return this;
	}

	public TestOrigin origin() {
		return this.origin;
	}

	public MutableClock clock() {
		return this.clock;
	}

	/** Hears every context's events (registered as an {@link HttpCacheListener} bean). */
	public RecordingListener listener() {
		return this.listener;
	}

	/** The absolute URL of a path on the origin. */
	public String url(String path) {
		return this.origin.url(path);
	}

	/**
	 * Contexts as a user's application has them (Spring Boot's Redis and HTTP client
	 * auto-configurations plus ours), reading time from the fixture's clock, with the fixture's
	 * properties and then {@code properties}. All contexts of one fixture share one Redis key prefix,
	 * so one application can read what another stored.
	 */
	public ApplicationContextRunner contexts(String... properties) {
		return CacheContexts.withRedis(this.keyPrefix)
			.withBean(HttpCacheAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> this.clock)
			.withBean(RecordingListener.class, () -> this.listener)
			.withPropertyValues(this.properties.toArray(String[]::new))
			.withPropertyValues(properties);
	}

	/** A then B, with no time between: see {@link #assertFullyCached(Client, String, Duration)}. */
	public AThenB assertFullyCached(Client client, String url) {
		return assertFullyCached(client, url, Duration.ZERO);
	}

	/**
	 * A then B: a GET, the clock moved by {@code between}, the same GET. The second is a hit served
	 * from the cache (RFC 9111 §4.2): the origin saw one request, the caller the same status and body
	 * twice, and {@code Cache-Status} says {@code hit}.
	 *
	 * @return both responses, for further assertions
	 */
	public AThenB assertFullyCached(Client client, String url, Duration between) {
		AThenB both = send(client, url, between, 1);
		assertThat(both.second().cacheStatus()).as("Cache-Status of B").startsWith("http-cache; hit");
		assertSameAnswer(both);
		return both;
	}

	/**
	 * A then B: a GET, the clock moved by {@code between}, the same GET, which the cache revalidates
	 * (RFC 9111 §4.3): the origin saw both, the second conditional on the first response's validator
	 * ({@code If-None-Match} for an {@code ETag}, else {@code If-Modified-Since} for a
	 * {@code Last-Modified}); it answered 304, and the caller got the stored status and body with a
	 * {@code Cache-Status} naming the 304. The test enqueues the two replies.
	 *
	 * @return both responses, for further assertions
	 */
	public AThenB assertConditionallyCached(Client client, String url, Duration between) {
		AThenB both = send(client, url, between, 2);
		Result first = both.first();
		Result second = both.second();
		Recorded revalidation = this.origin.lastRequest();
		String etag = first.headers().getFirst("ETag");
		if (etag != null) {
			assertThat(revalidation.header("If-None-Match")).as("validator B sent").isEqualTo(etag);
		}
		else {
			assertThat(revalidation.header("If-Modified-Since")).as("validator B sent")
				.isEqualTo(first.headers().getFirst("Last-Modified"));
		}
		assertThat(second.cacheStatus()).as("Cache-Status of B").contains("fwd-status=304");
		assertSameAnswer(both);
		return both;
	}

	/**
	 * A then B: a GET, the clock moved by {@code between}, the same GET, which the origin answers
	 * again in full: it saw two requests, the second unconditional, and {@code Cache-Status} of B is
	 * no hit but names why it was forwarded.
	 *
	 * @return both responses, for further assertions
	 */
	public AThenB assertNotCached(Client client, String url, Duration between) {
		AThenB both = send(client, url, between, 2);
		assertThat(this.origin.lastRequest().header("If-None-Match")).as("B was unconditional").isNull();
		assertThat(this.origin.lastRequest().header("If-Modified-Since")).as("B was unconditional").isNull();
		assertThat(both.second().cacheStatus()).as("Cache-Status of B").startsWith("http-cache; fwd=");
		return both;
	}

	/** A then B, with no time between: see {@link #assertNotCached(Client, String, Duration)}. */
	public AThenB assertNotCached(Client client, String url) {
		return assertNotCached(client, url, Duration.ZERO);
	}

	/** Sends A, moves the clock, sends B, and checks how many requests reached the origin. */
	private AThenB send(Client client, String url, Duration between, int originRequests) {
		int before = this.origin.requestCount();
		Result first = client.get(url);
		this.clock.advance(between);
		Result second = client.get(url);
		assertThat(this.origin.requestCount() - before).as("requests the origin saw for A then B")
			.isEqualTo(originRequests);
		return new AThenB(first, second);
	}

	private static void assertSameAnswer(AThenB both) {
		assertThat(both.second().status()).as("status of B").isEqualTo(both.first().status());
		assertThat(both.second().body()).as("body of B").isEqualTo(both.first().body());
	}

	/**
	 * The two responses of an "A then B" assertion.
	 *
	 * @param first what the caller got for A
	 * @param second what the caller got for B
	 */
	public record AThenB(Result first, Result second) {

	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.origin.close();
	}

}
