package io.github.httpcache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.httpcache.autoconfigure.HttpCacheAutoConfiguration;
import io.github.httpcache.client.HttpCacheListener;
import io.github.httpcache.core.CacheOutcome;
import io.github.httpcache.internal.core.CacheStatusOutcome;
import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.MutableClock;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import io.github.httpcache.test.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README.md and the code say the same thing: every {@code Cache-Status} form a request produces, with
 * the {@code result} it counts as, is a row of README's {@code Cache-Status} table, and the
 * {@code result} values README's meters table lists are exactly those of {@link CacheOutcome}. A new
 * form or value in the code fails here until README lists it.
 */
class ReadmeAgreementTests {

	private static final Path README = Path.of("../README.md");

	private final MutableClock clock = new MutableClock();

	private final AtomicReference<CacheOutcome> lastOutcome = new AtomicReference<>();

	private TestOrigin origin;

	@BeforeEach
	void startOrigin() {
		this.origin = TestOrigin.start().otherwise((request) -> Reply.ok("C"));
	}

	@AfterEach
	void stopOrigin() {
		this.origin.close();
	}

	@Test
	void theMetersTableListsExactlyTheResultValuesOfTheCode() throws IOException {
		String row = readme().lines()
			.filter((line) -> line.startsWith("| `http.client.cache.requests` |"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("README has no row for http.client.cache.requests"));
		Set<String> listed = new TreeSet<>();
		Matcher values = Pattern.compile("`([a-z_]+)`").matcher(row.substring(row.indexOf("`result`") + 8));
		while (values.find()) {
			listed.add(values.group(1));
		}
		Set<String> code = Arrays.stream(CacheOutcome.values())
			.map(CacheOutcome::tagValue)
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(listed).isEqualTo(code);
		assertThat(new TreeSet<>(cacheStatusTable().values())).as("results used in the Cache-Status table")
			.isSubsetOf(code);
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void everyCacheStatusFormProducedIsInReadmeWithItsResult(ClientKind kind) throws IOException {
		Map<String, String> produced = new LinkedHashMap<>();
		contexts().run((context) -> {
			Client client = kind.create(context);
			String fresh = "max-age=10";
			this.origin.enqueue(Reply.ok("A").header("Cache-Control", fresh));
			record(produced, client.get(this.origin.url("/fresh")));
			record(produced, client.get(this.origin.url("/fresh")));
			record(produced, client.get(this.origin.url("/fresh"), Map.of("Cache-Control", "no-cache")));

			this.origin.enqueue(Reply.ok("A").header("Cache-Control", fresh).header("ETag", "\"1\""))
				.enqueue(Reply.ok("B").header("Cache-Control", fresh).header("ETag", "\"2\""))
				.enqueue(Reply.notModified().header("Cache-Control", fresh).header("ETag", "\"2\""))
				.enqueue(Reply.status(503, "down"));
			record(produced, client.get(this.origin.url("/changing")));
			this.clock.advance(Duration.ofSeconds(20));
			record(produced, client.get(this.origin.url("/changing")));
			this.clock.advance(Duration.ofSeconds(20));
			record(produced, client.get(this.origin.url("/changing")));
			this.clock.advance(Duration.ofSeconds(20));
			record(produced, client.get(this.origin.url("/changing"), Map.of("Cache-Control", "max-stale=60")));
			record(produced, client.get(this.origin.url("/changing")));

			this.origin.enqueue(Reply.ok("A").header("Cache-Control", "no-store"));
			record(produced, client.get(this.origin.url("/no-store")));
			record(produced, client.get(this.origin.url("/never-stored"), Map.of("Cache-Control", "only-if-cached")));
			record(produced, client.get(this.origin.url("/fresh"), Map.of("Cache-Control", "no-store")));
			record(produced, client.exchange("POST", this.origin.url("/post"), Map.of("Content-Type", "text/plain"),
					"x", (attributes) -> {
					}));

			this.origin.enqueue(Reply.ok("en").header("Cache-Control", "max-age=60").header("Vary", "Accept-Language"));
			record(produced, client.get(this.origin.url("/vary"), Map.of("Accept-Language", "en")));
			record(produced, client.get(this.origin.url("/vary"), Map.of("Accept-Language", "fr")));
		});
		CacheContexts.withoutStore()
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + TestRedis.freePort(),
					"http.cache.redis.timeout=2s")
			.withBean("recordingListener", HttpCacheListener.class, this::listener)
			.run((context) -> record(produced, kind.create(context).get(this.origin.url("/redis-down"))));
		assertThat(produced).as("forms produced by this test").hasSizeGreaterThanOrEqualTo(12);
		Map<String, String> table = cacheStatusTable();
		produced.forEach((form, result) -> {
			String row = matchingRow(table.keySet(), form);
			assertThat(row).as("README's Cache-Status table lists %s", form).isNotNull();
			assertThat(table.get(row)).as("README's result for %s", form).isEqualTo(result);
		});
	}

	private ApplicationContextRunner contexts() {
		return CacheContexts.withRedis()
			.withBean(HttpCacheAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> this.clock)
			.withBean("recordingListener", HttpCacheListener.class, this::listener)
			.withPropertyValues("http.cache.cache-control=true", "http.cache.stale-if-error=true");
	}

	private HttpCacheListener listener() {
		return new HttpCacheListener() {

			@Override
			public void onRequest(CacheOutcome outcome) {
				ReadmeAgreementTests.this.lastOutcome.set(outcome);
			}

		};
	}

	private void record(Map<String, String> produced, Result result) {
		CacheOutcome outcome = this.lastOutcome.getAndSet(null);
		assertThat(outcome).as("a result for %s", result.cacheStatus()).isNotNull();
		produced.put(result.cacheStatus(), outcome.tagValue());
	}

	/** The row whose form, with its numbers read as placeholders (a ttl keeps its sign), is the produced form. */
	private static String matchingRow(Set<String> rows, String form) {
		for (String row : rows) {
			String regex = Pattern.quote(row)
				.replaceAll("ttl=(-?)\\d+", "\\\\Ettl=$1\\\\d+\\\\Q")
				.replaceAll("fwd-status=\\d+", "\\\\Efwd-status=\\\\d{3}\\\\Q");
			if (form.matches(regex)) {
				return row;
			}
		}
		return null;
	}

	@Test
	void theObservationsResultOfEveryCacheStatusFormIsReadmesResult() throws IOException {
		// http.cache.result on http.client.requests is read back from Cache-Status: it must agree with the meter.
		cacheStatusTable().forEach((form, result) -> assertThat(CacheStatusOutcome.of(form))
			.as("http.cache.result of %s", form)
			.isNotNull()
			.extracting(CacheOutcome::tagValue)
			.isEqualTo(result));
	}

	/** README's Cache-Status table: form to result. */
	private static Map<String, String> cacheStatusTable() throws IOException {
		Map<String, String> rows = new LinkedHashMap<>();
		Pattern row = Pattern.compile("^\\| `(http-cache;[^`]*)` \\| `([a-z_]+)` \\|.*");
		for (String line : readme().lines().toList()) {
			Matcher matcher = row.matcher(line);
			if (matcher.matches()) {
				rows.put(matcher.group(1), matcher.group(2));
			}
		}
		assertThat(rows).as("README's Cache-Status table").isNotEmpty();
		return rows;
	}

	private static String readme() throws IOException {
		return Files.readString(README);
	}

}
