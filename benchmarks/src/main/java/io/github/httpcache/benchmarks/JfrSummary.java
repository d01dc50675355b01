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
 * Where the time goes, from a JFR recording ({@code -prof jfr}): the methods most often on top of the
 * sampled stacks (self time) and most often anywhere on them (total time), as shares of the samples.
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
			Set<String> seen = new HashSet<>();
			for (RecordedFrame frame : frames) {
				String name = name(frame);
				if (seen.add(name)) {
					total.merge(name, 1, Integer::sum);
				}
			}
		}
		System.out.println("samples on benchmark threads: " + samples);
		print("self", self, samples, rows);
		print("total", total, samples, rows);
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	private static void print(String title, Map<String, Integer> counts, int samples, int rows) {
		System.out.println();
		System.out.println("| " + title + " % | method |");
		System.out.println("| ---: | --- |");
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(rows)
			.forEach((entry) -> System.out.printf("| %.1f | `%s` |%n", 100.0 * entry.getValue() / Math.max(1, samples),
					entry.getKey()));
	}

}
