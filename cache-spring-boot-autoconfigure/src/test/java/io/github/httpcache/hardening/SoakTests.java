package io.github.httpcache.hardening;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

import io.github.httpcache.autoconfigure.HttpCacheAutoConfiguration;
import io.github.httpcache.autoconfigure.HttpCacheMetricsAutoConfiguration;
import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.ClientKind.Client;
import io.github.httpcache.test.ClientKind.Result;
import io.github.httpcache.test.MutableClock;
import io.github.httpcache.test.TcpProxy;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Recorded;
import io.github.httpcache.test.TestOrigin.Reply;
import io.github.httpcache.test.TestRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded soak (about a minute at most on two busy cores): one long-lived application context, its
 * three clients at once, and everything production throws at the store in one run: hits, misses,
 * revalidations (the clock moves), {@code Vary} variants, invalidating POSTs, cancelled WebClient
 * calls, store timeouts (Redis answers slowly for a while), foreign and corrupt values planted under
 * the prefix, and a second application context starting and stopping on the same Redis and prefix.
 * <p>
 * It asserts no failed request, no wrong body (a body of another URL or variant, or one older than
 * what the same thread's own POST already replaced) and no store error counted while Redis was
 * healthy. Tagged {@code soak} so that it can be selected ({@code -Dgroups=soak}) or left out
 * ({@code -DexcludedGroups=soak}); it runs in the default build.
 */
@Tag("wall-clock")
@Tag("soak")
@Timeout(180)
class SoakTests {

	/** Requests the workers send in all (cancelled calls not counted). */
	private static final int REQUESTS = 20_000;

	/** Whatever the machine, the run stops sending at this point. */
	private static final Duration BUDGET = Duration.ofSeconds(70);

	private static final int ITEMS = 40;

	private static final List<String> LANGUAGES = List.of("en", "fr", "de");

	private final Map<Integer, AtomicInteger> versions = new ConcurrentHashMap<>();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));

	@Test
	void longRunMixingEveryFaultHasNoFailedRequestNoWrongBodyAndNoStoreErrorWhileRedisIsHealthy() throws Exception {
		String prefix = "soak-" + UUID.randomUUID() + ":";
		try (TestOrigin origin = TestOrigin.start().otherwise(this::answer);
				TcpProxy proxy = TcpProxy.to(TestRedis.get().host(), TestRedis.get().port()).start()) {
			CacheContexts.withoutStore()
				.withConfiguration(AutoConfigurations.of(HttpCacheMetricsAutoConfiguration.class))
				.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
				.withBean(HttpCacheAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> this.clock)
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + proxy.port(),
						"http.cache.redis.key-prefix=" + prefix, "http.cache.cache-control=true",
						"http.cache.redis.timeout=1s", "http.cache.redis.circuit-breaker.cool-down=300ms")
				.run((context) -> soak(context, origin, proxy, prefix));
		}
	}

	private void soak(ConfigurableApplicationContext context, TestOrigin origin, TcpProxy proxy, String prefix)
			throws Exception {
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		List<ClientKind> kinds = List.of(ClientKind.REST_CLIENT, ClientKind.REST_TEMPLATE, ClientKind.WEB_CLIENT);
		List<Client> clients = kinds.stream().map((kind) -> kind.create(context)).toList();
		WebClient webClient = context.getBean(WebClient.Builder.class).build();
		List<String> failures = new CopyOnWriteArrayList<>();
		AtomicInteger sent = new AtomicInteger();
		AtomicInteger cancelled = new AtomicInteger();
		AtomicInteger posts = new AtomicInteger();
		AtomicInteger hits = new AtomicInteger();
		AtomicInteger revalidated = new AtomicInteger();
		long start = System.nanoTime();
		long stopAt = start + BUDGET.toNanos();
		ExecutorService pool = Executors.newFixedThreadPool(9);
		List<Future<?>> workers = new ArrayList<>();
		for (int w = 0; w < 6; w++) {
			Client client = clients.get(w % 3);
			ClientKind kind = kinds.get(w % 3);
			boolean reactive = kind == ClientKind.WEB_CLIENT;
			workers.add(pool.submit(() -> {
				// Each failure says which client met it: the flows (blocking, reactive) differ below the adapters.
				List<String> failed = new Labelled(failures, kind.name());
				ThreadLocalRandom random = ThreadLocalRandom.current();
				while (sent.get() < REQUESTS && System.nanoTime() < stopAt) {
					int dice = random.nextInt(100);
					int item = random.nextInt(ITEMS);
					try {
						if (reactive && dice < 4) {
							// A caller that gives up: the exchange is cancelled mid-flight.
							cancelled.incrementAndGet();
							webClient.get()
								.uri(origin.url("/slow/" + item))
								.exchangeToMono((response) -> response.toEntity(String.class))
								.timeout(Duration.ofMillis(5))
								.onErrorResume((ex) -> reactor.core.publisher.Mono.empty())
								.block(Duration.ofSeconds(10));
							continue;
						}
						sent.incrementAndGet();
						if (dice < 6) {
							posts.incrementAndGet();
							Result result = client.exchange("POST", origin.url("/item/" + item), Map.of(), "change", (a) -> {
							});
							int after = this.versions.get(item).get();
							check(failed, result.status() == 200, "POST /item/" + item + " -> " + result.status());
							// Read what we just invalidated: never older than our own change.
							Result read = client.get(origin.url("/item/" + item));
							int version = checkItem(failed, item, read);
							check(failed, version >= after, "/item/" + item + " after a POST made v" + after + ": v" + version
									+ " (" + read.cacheStatus() + ")");
						}
						else if (dice < 35) {
							String language = LANGUAGES.get(random.nextInt(LANGUAGES.size()));
							Result result = client.get(origin.url("/vary/" + item), Map.of("Accept-Language", language));
							check(failed, result.status() == 200 && ("vary " + item + " " + language).equals(result.body()),
									"/vary/" + item + " [" + language + "] -> " + result.status() + " " + result.body());
							count(result, hits, revalidated);
						}
						else {
							Result result = client.get(origin.url("/item/" + item));
							checkItem(failed, item, result);
							count(result, hits, revalidated);
						}
					}
					catch (RuntimeException ex) {
						failed.add(ex.toString());
					}
				}
			}));
		}
		DoubleAdder unhealthyErrors = new DoubleAdder();
		AtomicLong unhealthyWindows = new AtomicLong();
		AtomicInteger otherContexts = new AtomicInteger();
		AtomicInteger planted = new AtomicInteger();
		// The clock moves, so entries go stale and are revalidated.
		workers.add(pool.submit(() -> {
			while (!done(sent, stopAt)) {
				this.clock.advance(Duration.ofSeconds(7));
				pause(150);
			}
		}));
		// Foreign and corrupt values, then now and then a second application context, then slow Redis.
		workers.add(pool.submit(() -> {
			int round = 0;
			while (!done(sent, stopAt)) {
				round++;
				planted.addAndGet(plant(prefix, round));
				if (round % 15 == 0) {
					CacheContexts.withRedis(prefix).run((other) -> {
						otherContexts.incrementAndGet();
						Client otherClient = ClientKind.REST_CLIENT.create(other);
						for (int i = 0; i < 20; i++) {
							int item = i % ITEMS;
							checkItem(new Labelled(failures, "REST_CLIENT of a second context"), item,
									otherClient.get(origin.url("/item/" + item)));
						}
					});
				}
				if (round % 60 == 20) {
					// Redis answers slowly for a second: store calls time out, the breaker opens and recovers.
					double before = storeErrors(registry);
					proxy.slow(Duration.ofMillis(2_000));
					pause(1_500);
					proxy.forward();
					// The breaker's cool-down, its probe and calls queued on the slow connection play out.
					pause(3_000);
					unhealthyErrors.add(storeErrors(registry) - before);
					unhealthyWindows.incrementAndGet();
				}
				pause(250);
			}
		}));
		for (Future<?> worker : workers) {
			worker.get(120, TimeUnit.SECONDS);
		}
		pool.shutdown();
		double totalErrors = storeErrors(registry);
		double healthyErrors = totalErrors - unhealthyErrors.sum();
		long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
		System.out.printf("SoakTests: %d requests (%d POSTs, %d hits, %d revalidated) and %d cancelled calls in %d s; "
				+ "%d origin calls; %d foreign or corrupt values planted; %d other contexts; %d slow-Redis windows with "
				+ "%.0f store errors; %.0f store errors while healthy%n", sent.get(), posts.get(), hits.get(),
				revalidated.get(), cancelled.get(), seconds, origin.requestCount(), planted.get(), otherContexts.get(),
				unhealthyWindows.get(), unhealthyErrors.sum(), healthyErrors);
		registry.find("http.client.cache.store.latency").timers().forEach((timer) -> System.out.printf(
				"SoakTests: store %s %s: %d%n", timer.getId().getTag("operation"), timer.getId().getTag("outcome"),
				timer.count()));
		assertThat(failures).as("failed requests and wrong bodies").isEmpty();
		assertThat(healthyErrors).as("store errors counted while Redis was healthy").isZero();
		assertThat(sent.get()).as("requests sent within the budget").isGreaterThan(2_000);
		assertThat(hits.get()).as("the cache served hits").isPositive();
		assertThat(revalidated.get()).as("stale entries were revalidated").isPositive();
		assertThat(otherContexts.get()).as("a second context came and went").isPositive();
	}

	/** The origin: items with a version and an ETag, a Vary resource and a slow one; a POST bumps a version. */
	private Reply answer(Recorded request) {
		String path = request.uri().getPath();
		String[] parts = path.split("/");
		int item = Integer.parseInt(parts[2]);
		AtomicInteger version = this.versions.computeIfAbsent(item, (i) -> new AtomicInteger(1));
		return switch (parts[1]) {
			case "item" -> {
				if (request.method().equals("POST")) {
					version.incrementAndGet();
					yield Reply.ok("changed");
				}
				int current = version.get();
				String etag = "\"v" + current + "\"";
				if (etag.equals(request.header("If-None-Match"))) {
					yield Reply.notModified().header("ETag", etag).header("Cache-Control", "max-age=20");
				}
				yield Reply.ok("item " + item + " v" + current).header("ETag", etag).header("Cache-Control", "max-age=20");
			}
			case "vary" -> {
				String language = request.header("Accept-Language");
				yield Reply.ok("vary " + item + " " + language).header("Vary", "Accept-Language")
					.header("Cache-Control", "max-age=30");
			}
			default -> Reply.ok("slow " + item).header("Cache-Control", "max-age=5").delay(30);
		};
	}

	/** Checks an item's body and returns its version. */
	private int checkItem(List<String> failures, int item, Result result) {
		String expected = "item " + item + " v";
		if (result.status() != 200 || result.body() == null || !result.body().startsWith(expected)) {
			failures.add("/item/" + item + " -> " + result.status() + " " + result.body());
			return -1;
		}
		return Integer.parseInt(result.body().substring(expected.length()));
	}

	private static void check(List<String> failures, boolean ok, String what) {
		if (!ok) {
			failures.add(what);
		}
	}

	private static void count(Result result, AtomicInteger hits, AtomicInteger revalidated) {
		String status = result.cacheStatus();
		if (status != null && status.contains("; hit")) {
			hits.incrementAndGet();
		}
		if (status != null && status.contains("fwd-status=304")) {
			revalidated.incrementAndGet();
		}
	}

	private static boolean done(AtomicInteger sent, long stopAt) {
		return sent.get() >= REQUESTS || System.nanoTime() >= stopAt;
	}

	/** Plants values the cache did not write under the prefix: corrupt entries and keys of a foreign type. */
	private static int plant(String prefix, int round) {
		LettuceConnectionFactory factory = TestRedis.get().connectionFactory();
		int planted = 0;
		try (RedisConnection connection = factory.getConnection()) {
			List<byte[]> keys = new ArrayList<>();
			try (Cursor<byte[]> cursor = connection.keyCommands()
				.scan(ScanOptions.scanOptions().match(prefix.replace("-", "?") + "*").count(200).build())) {
				while (cursor.hasNext() && keys.size() < 400) {
					keys.add(cursor.next());
				}
			}
			for (int i = round % 7; i < keys.size(); i += 37) {
				byte[] key = keys.get(i);
				String name = new String(key, StandardCharsets.UTF_8);
				// One script, so the cache cannot write the key between the delete and the plant.
				String value = (name.contains(":v:") && (i % 2 == 0)) ? "redis.call('SET', KEYS[1], 'not an entry')"
						: (name.endsWith(":g") && (i % 2 == 0)) ? "redis.call('SET', KEYS[1], 'not a number')"
								: "redis.call('HSET', KEYS[1], 'foreign', 'value')";
				connection.scriptingCommands()
					.eval(("redis.call('DEL', KEYS[1]) " + value + " return 1").getBytes(StandardCharsets.UTF_8),
							org.springframework.data.redis.connection.ReturnType.INTEGER, 1, key);
				planted++;
			}
		}
		finally {
			factory.destroy();
		}
		return planted;
	}

	static double storeErrors(MeterRegistry registry) {
		return registry.find("http.client.cache.store.latency")
			.timers()
			.stream()
			.filter((timer) -> !"success".equals(timer.getId().getTag("outcome")))
			.mapToDouble((timer) -> timer.count())
			.sum();
	}

	/** Failures of one client, each prefixed with its name; they land in the shared list. */
	private static final class Labelled extends java.util.AbstractList<String> {

		private final List<String> failures;

		private final String label;

		Labelled(List<String> failures, String label) {
			this.failures = failures;
			this.label = label;
		}

		@Override
		public boolean add(String failure) {
			return this.failures.add(this.label + ": " + failure);
		}

		@Override
		public String get(int index) {
			return this.failures.get(index);
		}

		@Override
		public int size() {
			return this.failures.size();
		}

	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
