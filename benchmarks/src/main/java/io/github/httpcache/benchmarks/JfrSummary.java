package io.github.httpcache.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time goes, from a JFR recording ({@code -prof jfr}): each sample of a benchmark thread
 * charged to the area of its innermost non-JDK frame (so {@code MessageDigest} counts for the cache
 * key and {@code DateTimeFormatter} for the age calculation), then the methods most often on top of
 * the stacks (self) and our methods anywhere on them (total), as shares of the samples.
 * <pre>
 * java -cp ... io.github.httpcache.benchmarks.JfrSummary profile.jfr [rows]
 * </pre>
 */
public final class JfrSummary {

	private JfrSummary() {
	}

	public static void main(String[] args) throws IOException {
		int rows = (args.length > 1) ? Integer.parseInt(args[1]) : 25;
		Map<String, Integer> self = new HashMap<>();
		Map<String, Integer> total = new HashMap<>();
		Map<String, Integer> areas = new HashMap<>();
		int samples = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
			if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
				continue;
			}
			RecordedStackTrace stack = event.getStackTrace();
			if (stack == null || stack.getFrames().isEmpty()) {
				continue;
			}
			String thread = event.getThread("sampledThread").getJavaName();
			if (thread == null || !thread.contains("jmh-worker")) {
				continue;
			}
			samples++;
			List<RecordedFrame> frames = stack.getFrames();
			self.merge(name(frames.get(0)), 1, Integer::sum);
			areas.merge(area(frames), 1, Integer::sum);
			Set<String> seen = new HashSet<>();
			for (RecordedFrame frame : frames) {
				String name = name(frame);
				if (name.startsWith("io.github.httpcache.") && !name.startsWith("io.github.httpcache.benchmarks.")
						&& seen.add(name)) {
					total.merge(name, 1, Integer::sum);
				}
			}
		}
		System.out.println("samples on benchmark threads: " + samples);
		print("area (innermost non-JDK frame)", areas, samples, rows);
		print("method on top of the stack (self)", self, samples, rows);
		print("our method anywhere on the stack (total)", total, samples, rows);
	}

	/** Areas by class-name prefix, most specific first. */
	private static final String[][] AREAS = { { "io.github.httpcache.internal.store.CacheEntryCodec", "store: entry codec" },
			{ "io.github.httpcache.internal.store.InMemoryCacheStore", "store: memory" },
			{ "io.github.httpcache.internal.store.RedisCacheStore", "store: Redis (ours)" },
			{ "org.springframework.data.redis", "Redis: Spring Data Redis" }, { "io.lettuce", "Redis: Lettuce" },
			{ "io.netty", "Netty" }, { "reactor.", "Reactor" },
			{ "io.github.httpcache.internal.core.CacheKeys", "core: cache key (URL, SHA-256)" },
			{ "io.github.httpcache.internal.core.Age", "core: age (HTTP dates)" },
			{ "io.github.httpcache.internal.core.HttpDates", "core: age (HTTP dates)" },
			{ "io.github.httpcache.internal.core", "core: other decisions" },
			{ "io.github.httpcache.core", "core: other decisions" },
			{ "io.github.httpcache.client.CachingClientHttp", "adapters: header conversion" },
			{ "io.github.httpcache.client", "engine" }, { "org.springframework.web.client", "Spring RestClient" },
			{ "org.springframework.web.util", "Spring URI templates" },
			{ "org.springframework.http.converter", "Spring message converters" },
			{ "org.springframework.http", "Spring HTTP headers and requests" },
			{ "org.springframework.web.reactive", "Spring WebClient" }, { "org.springframework", "Spring, other" },
			{ "org.apache.hc", "Apache HttpClient" }, { "okhttp3", "OkHttp" }, { "okio", "OkHttp" },
			{ "io.micrometer", "Micrometer observation" }, { "io.github.httpcache.benchmarks", "benchmark code" },
			{ "org.openjdk.jmh", "JMH" } };

	private static String area(List<RecordedFrame> frames) {
		for (RecordedFrame frame : frames) {
			String type = frame.getMethod().getType().getName();
			if (type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("jdk.")
					|| type.startsWith("sun.") || type.startsWith("kotlin.")) {
				continue;
			}
			for (String[] area : AREAS) {
				if (type.startsWith(area[0])) {
					return area[1];
				}
			}
			return "other: " + type;
		}
		return "JDK only";
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	private static void print(String title, Map<String, Integer> counts, int samples, int rows) {
		System.out.println();
		System.out.println("| % of samples | " + title + " |");
		System.out.println("| ---: | --- |");
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(rows)
			.forEach((entry) -> System.out.printf("| %.1f | `%s` |%n", 100.0 * entry.getValue() / Math.max(1, samples),
					entry.getKey()));
	}

}
