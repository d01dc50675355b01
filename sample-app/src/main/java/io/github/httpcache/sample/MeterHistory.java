package io.github.httpcache.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Samples the cache's meters at a fixed interval and keeps the last samples, so that the dashboard's
 * charts start with the application's recent history, not empty at each page load. It reads the same
 * meters as {@code /actuator/metrics}: {@code http.client.cache.requests} by {@code result} and
 * {@code http.client.cache.store.latency} of {@code get} calls.
 */
@Component
class MeterHistory implements DisposableBean {

	/** Samples kept: half an hour at the default interval. */
	static final int CAPACITY = 360;

	private static final List<String> FROM_CACHE = List.of("hit", "stale", "revalidated");

	private final MeterRegistry registry;

	private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "meter-history");
		thread.setDaemon(true);
		return thread;
	});

	private final Deque<Sample> samples = new ArrayDeque<>();

	private long lastGetCount;

	private double lastGetMillis;

	MeterHistory(MeterRegistry registry, @Value("${sample.history.interval:5s}") Duration interval) {
		this.registry = registry;
		this.sampler.scheduleAtFixedRate(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Oldest first. */
	synchronized List<Sample> samples() {
		return new ArrayList<>(this.samples);
	}

	synchronized void sample() {
		Map<String, Long> requests = new LinkedHashMap<>();
		Map<String, Map<String, Long>> byCache = new LinkedHashMap<>();
		for (Counter counter : this.registry.find("http.client.cache.requests").counters()) {
			String result = counter.getId().getTag("result");
			if (result != null) {
				requests.merge(result, (long) counter.count(), Long::sum);
				// The cache tag names the policy ('http-cache' for the default, else the named policy):
				// read generically, so every policy the starter reports shows without the sample knowing it.
				String cache = counter.getId().getTag("cache");
				byCache.computeIfAbsent((cache != null) ? cache : "http-cache", (name) -> new LinkedHashMap<>())
					.merge(result, (long) counter.count(), Long::sum);
			}
		}
		long total = requests.values().stream().mapToLong(Long::longValue).sum();
		long fromCache = FROM_CACHE.stream().mapToLong((result) -> requests.getOrDefault(result, 0L)).sum();
		long getCount = 0;
		double getMillis = 0;
		for (Timer timer : this.registry.find("http.client.cache.store.latency").tag("operation", "get").timers()) {
			getCount += timer.count();
			getMillis += timer.totalTime(TimeUnit.MILLISECONDS);
		}
		long calls = getCount - this.lastGetCount;
		Double storeGetMillis = (calls > 0) ? (getMillis - this.lastGetMillis) / calls : null;
		this.lastGetCount = getCount;
		this.lastGetMillis = getMillis;
		this.samples.addLast(new Sample(Instant.now(), requests, (total > 0) ? (double) fromCache / total : null,
				storeGetMillis, byCache));
		while (this.samples.size() > CAPACITY) {
			this.samples.removeFirst();
		}
	}

	@Override
	public void destroy() {
		this.sampler.shutdownNow();
	}

	/**
	 * The meters at one moment.
	 *
	 * @param time when the sample was taken
	 * @param requests requests since start-up, by {@code result}
	 * @param hitRatio share of requests since start-up answered from the cache ({@code hit}, {@code stale},
	 * {@code revalidated}), or {@code null} before the first request
	 * @param storeGetMillis mean time of the store reads since the previous sample, or {@code null} when
	 * there were none
	 * @param byCache requests since start-up by {@code cache} tag (the policy), then by {@code result}
	 */
	record Sample(Instant time, Map<String, Long> requests, @Nullable Double hitRatio, @Nullable Double storeGetMillis,
			Map<String, Map<String, Long>> byCache) {

	}

}
