package io.github.httpcache.hardening;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Recorded;
import io.github.httpcache.test.TestOrigin.Reply;
import io.github.httpcache.test.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eight threads for a bounded time mix hits, misses, revalidations, {@code Vary} variants and
 * invalidating POSTs over many URLs and users; every body is checked against the URL, language and
 * user that asked for it, and afterwards every key and value in Redis is scanned for credentials.
 */
class LoadAndIsolationTests {

	private static final int THREADS = 8;

	private static final int URLS = 40;

	private static final int USERS = 6;

	private static final List<String> LANGUAGES = List.of("en", "fr", "de");

	private static final long DURATION_MILLIS = 3_000;

	private static final int MAX_REQUESTS_PER_THREAD = 400;

	private final Map<String, AtomicInteger> versions = new ConcurrentHashMap<>();

	private TestOrigin origin;

	@BeforeEach
	void startOrigin() {
		this.origin = TestOrigin.start().otherwise(this::answer);
	}

	@AfterEach
	void stopOrigin() {
		this.origin.close();
	}

	/** Bodies name the path, the user and, for Vary paths, the language; ETags carry a version bumped by POST. */
	private Reply answer(Recorded request) {
		String path = request.uri().getPath();
		AtomicInteger version = this.versions.computeIfAbsent(path, (p) -> new AtomicInteger());
		if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
			version.incrementAndGet();
			return Reply.status(204, "");
		}
		String etag = "\"" + path.hashCode() + "-" + version.get() + "\"";
		boolean vary = path.startsWith("/vary/");
		Reply reply;
		if (etag.equals(request.header("If-None-Match"))) {
			reply = Reply.notModified();
		}
		else {
			String body = "path=" + path + ";user=" + user(request.header("Authorization"))
					+ (vary ? ";lang=" + request.header("Accept-Language") : "");
			reply = Reply.ok(body);
		}
		reply = reply.header("ETag", etag).header("Cache-Control", "max-age=1");
		return vary ? reply.header("Vary", "Accept-Language") : reply;
	}

	private static String user(String authorization) {
		return (authorization != null) ? authorization.replaceAll("Bearer secret-(\\d+)-xyzzy", "$1") : "none";
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void concurrentMixedTrafficNeverServesAWrongBody(ClientKind kind) throws Exception {
		String prefix = "load-" + UUID.randomUUID() + ":";
		long seed = System.nanoTime();
		System.out.println("LoadAndIsolationTests " + kind + " seed=" + seed);
		CacheContexts.withRedis(prefix).withPropertyValues("http.cache.cache-control=true").run((context) -> {
			Client client = kind.create(context);
			AtomicInteger requests = new AtomicInteger();
			AtomicInteger wrong = new AtomicInteger();
			AtomicInteger hits = new AtomicInteger();
			List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
			ExecutorService pool = Executors.newFixedThreadPool(THREADS);
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DURATION_MILLIS);
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				Random random = new Random(seed + t);
				workers.add(pool.submit(() -> {
					for (int i = 0; i < MAX_REQUESTS_PER_THREAD && System.nanoTime() < deadline; i++) {
						int n = random.nextInt(URLS);
						String path = ((n % 2 == 0) ? "/vary/" : "/plain/") + n;
						int user = random.nextInt(USERS);
						String lang = LANGUAGES.get(random.nextInt(LANGUAGES.size()));
						Map<String, String> headers = Map.of("Authorization", "Bearer secret-" + user + "-xyzzy",
								"Accept-Language", lang);
						try {
							requests.incrementAndGet();
							if (random.nextInt(20) == 0) {
								client.exchange("POST", this.origin.url(path), headers, "change", (a) -> {
								});
								continue;
							}
							Result result = client.get(this.origin.url(path), headers);
							String expected = "path=" + path + ";user=" + user
									+ (path.startsWith("/vary/") ? ";lang=" + lang : "");
							if (result.status() != 200 || !expected.equals(result.body())) {
								wrong.incrementAndGet();
								failures.add(expected + " but got " + result.status() + " " + result.body() + " ("
										+ result.cacheStatus() + ")");
							}
							if (result.cacheStatus() != null && result.cacheStatus().contains("; hit")) {
								hits.incrementAndGet();
							}
						}
						catch (RuntimeException ex) {
							wrong.incrementAndGet();
							failures.add(path + ": " + ex);
						}
					}
				}));
			}
			for (Future<?> worker : workers) {
				worker.get(60, TimeUnit.SECONDS);
			}
			pool.shutdown();
			System.out.printf("LoadAndIsolationTests %s: %d requests, %d origin calls, %d hits, %d wrong%n", kind,
					requests.get(), this.origin.requestCount(), hits.get(), wrong.get());
			assertThat(failures).as("wrong answers or errors").isEmpty();
			assertThat(hits.get()).as("the cache served some requests").isPositive();
			assertThat(this.origin.requestCount()).as("the origin saw fewer calls than were made")
				.isLessThan(requests.get());
		});
		assertNoCredentialTextUnder(prefix);
	}

	@Test
	void applicationsWithDifferentPrefixesNeverSeeEachOthersEntries() {
		this.origin.otherwise((request) -> Reply.ok("body " + this.origin.requestCount()));
		String url = this.origin.url("/shared-url");
		CacheContexts.withRedis("app-a-" + UUID.randomUUID() + ":")
			.run((a) -> ClientKind.REST_CLIENT.create(a).get(url));
		CacheContexts.withRedis("app-b-" + UUID.randomUUID() + ":").run((b) -> {
			Result result = ClientKind.REST_CLIENT.create(b).get(url);
			assertThat(result.cacheStatus()).startsWith("http-cache; fwd=uri-miss");
		});
		assertThat(this.origin.requestCount()).isEqualTo(2);
	}

	@Test
	void varyStarIsNeverShared() {
		this.origin.otherwise((request) -> Reply.ok("for " + request.header("Authorization")).header("Vary", "*"));
		CacheContexts.withRedis().run((context) -> {
			Client client = ClientKind.REST_CLIENT.create(context);
			client.get(this.origin.url("/star"));
			Result second = client.get(this.origin.url("/star"));
			assertThat(second.cacheStatus()).doesNotContain("; hit");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	private static void assertNoCredentialTextUnder(String prefix) {
		LettuceConnectionFactory factory = TestRedis.get().connectionFactory();
		int keys = 0;
		try (RedisConnection connection = factory.getConnection();
				Cursor<byte[]> cursor = connection.keyCommands()
					.scan(ScanOptions.scanOptions().match(prefix.replace("-", "?") + "*").count(1000).build())) {
			while (cursor.hasNext()) {
				byte[] key = cursor.next();
				keys++;
				String keyText = new String(key, StandardCharsets.ISO_8859_1);
				assertThat(keyText).doesNotContain("secret-").doesNotContain("xyzzy");
				var type = connection.keyCommands().type(key);
				List<byte[]> values = new ArrayList<>();
				if (type == org.springframework.data.redis.connection.DataType.STRING) {
					byte[] value = connection.stringCommands().get(key);
					if (value != null) {
						values.add(value);
					}
				}
				else if (type == org.springframework.data.redis.connection.DataType.SET) {
					values.addAll(connection.setCommands().sMembers(key));
				}
				for (byte[] value : values) {
					String text = new String(inflateIfNeeded(value), StandardCharsets.ISO_8859_1);
					assertThat(text).as("value of " + keyText).doesNotContain("secret-").doesNotContain("xyzzy");
				}
			}
		}
		finally {
			factory.destroy();
		}
		assertThat(keys).as("the load run stored entries").isPositive();
	}

	/** Compressed bodies cannot hide a token: look at the raw bytes and, where a deflate stream starts, inflated ones too. */
	private static byte[] inflateIfNeeded(byte[] value) {
		java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
		all.writeBytes(value);
		for (int i = 0; i + 1 < value.length; i++) {
			if ((value[i] & 0xFF) == 0x78 && ((value[i] & 0xFF) * 256 + (value[i + 1] & 0xFF)) % 31 == 0) {
				java.util.zip.Inflater inflater = new java.util.zip.Inflater();
				inflater.setInput(value, i, value.length - i);
				byte[] buffer = new byte[64 * 1024];
				try {
					int n = inflater.inflate(buffer);
					all.write(buffer, 0, n);
				}
				catch (java.util.zip.DataFormatException ex) {
					// not a deflate stream after all
				}
				finally {
					inflater.end();
				}
			}
		}
		return all.toByteArray();
	}


}
