package io.github.httpcache.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns JMH's CSV results ({@code -rf csv}, one or more files) into the Markdown tables of
 * {@code RESULTS.md}: time per operation at 1 and 8 threads, bytes allocated per operation, and the
 * ratios the issue sets targets for.
 * <pre>
 * java -cp ... io.github.httpcache.benchmarks.ResultsTable results-t1.csv [results-t8.csv ...]
 * </pre>
 */
public final class ResultsTable {

	static final int[] SIZES = { 1024, 16384, 262144 };

	/** Every scenario, in table order: the JMH benchmark (class.method), the store parameter, and its label. */
	static final List<Scenario> SCENARIOS = List.of(
			new Scenario("RedisGetFloorBenchmark.lettuceGet", null, "floor: raw Lettuce GET, same bytes"),
			new Scenario("SpringClientBenchmark.restClientHit", "REDIS", "ours, RestClient hit, Redis"),
			new Scenario("SpringClientBenchmark.webClientHit", "REDIS", "ours, WebClient hit, Redis"),
			new Scenario("SpringClientBenchmark.restTemplateHit", "REDIS", "ours, RestTemplate hit, Redis"),
			new Scenario("SpringClientBenchmark.restClientHit", "MEMORY", "ours, RestClient hit, memory"),
			new Scenario("SpringClientBenchmark.webClientHit", "MEMORY", "ours, WebClient hit, memory"),
			new Scenario("SpringClientBenchmark.restTemplateHit", "MEMORY", "ours, RestTemplate hit, memory"),
			new Scenario("ApacheCacheBenchmark.hit", null, "Apache HttpClient 5 cache hit (heap)"),
			new Scenario("OkHttpCacheBenchmark.hit", null, "OkHttp Cache hit (disk)"),
			new Scenario("NoCacheBenchmark.restClient", null, "no cache: RestClient, origin every call"),
			new Scenario("SpringClientBenchmark.restClientMiss", "REDIS", "ours, RestClient miss + store, Redis"),
			new Scenario("SpringClientBenchmark.restClientMiss", "MEMORY", "ours, RestClient miss + store, memory"),
			new Scenario("SpringClientBenchmark.restClientRevalidate", "REDIS", "ours, RestClient 304 revalidation, Redis"),
			new Scenario("SpringClientBenchmark.restClientRevalidate", "MEMORY",
					"ours, RestClient 304 revalidation, memory"),
			new Scenario("ApacheCacheBenchmark.revalidate", null, "Apache HttpClient 5 cache 304 revalidation"),
			new Scenario("OkHttpCacheBenchmark.revalidate", null, "OkHttp Cache 304 revalidation"));

	private final Map<String, Row> rows = new LinkedHashMap<>();

	private ResultsTable() {
	}

	public static void main(String[] args) throws IOException {
		ResultsTable table = new ResultsTable();
		for (String file : args) {
			table.read(Path.of(file));
		}
		System.out.print(table.markdown());
	}

	void read(Path csv) throws IOException {
		List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		if (lines.isEmpty()) {
			return;
		}
		List<String> header = parse(lines.get(0));
		int benchmark = header.indexOf("Benchmark");
		int threads = header.indexOf("Threads");
		int score = header.indexOf("Score");
		int error = header.indexOf("Score Error (99.9%)");
		int size = header.indexOf("Param: size");
		int store = header.indexOf("Param: store");
		for (String line : lines.subList(1, lines.size())) {
			if (line.isBlank()) {
				continue;
			}
			List<String> fields = parse(line);
			String name = fields.get(benchmark);
			String metric = "time";
			int colon = name.indexOf(':');
			if (colon >= 0) {
				metric = name.substring(colon + 1);
				name = name.substring(0, colon);
			}
			name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
			String storeValue = (store >= 0) ? fields.get(store) : "";
			Row row = new Row(name, storeValue.isEmpty() ? null : storeValue, Integer.parseInt(fields.get(threads)),
					Integer.parseInt(fields.get(size)));
			Row known = this.rows.computeIfAbsent(row.key(), (key) -> row);
			double value = number(fields.get(score));
			if (metric.equals("time")) {
				known.time = value;
				known.error = number(fields.get(error));
			}
			else if (metric.equals("gc.alloc.rate.norm")) {
				known.alloc = value;
			}
		}
	}

	String markdown() {
		StringBuilder out = new StringBuilder();
		for (int threads : new int[] { 1, 8 }) {
			if (this.rows.values().stream().noneMatch((row) -> row.threads == threads)) {
				continue;
			}
			out.append("\n### Time per operation, ").append(threads).append((threads == 1) ? " thread" : " threads")
				.append(" (µs/op, ± 99.9% CI; lower is better)\n\n");
			table(out, threads, (row) -> (row.time == null) ? null
					: fixed(row.time) + ((row.error == null || row.error.isNaN()) ? "" : " ± " + fixed(row.error)));
		}
		out.append("\n### Bytes allocated per operation, 1 thread (gc.alloc.rate.norm, B/op; × body size)\n\n");
		table(out, 1, (row) -> (row.alloc == null) ? null
				: String.format(Locale.ROOT, "%,.0f (%.1f×)", row.alloc, row.alloc / row.size));
		out.append("\n### Targets\n\n");
		out.append("| target | scenario | threads | 1 KiB | 16 KiB | 256 KiB |\n| --- | --- | ---: | ---: | ---: | ---: |\n");
		for (int threads : new int[] { 1, 8 }) {
			for (String client : new String[] { "restClientHit", "webClientHit", "restTemplateHit" }) {
				ratioRow(out, "Redis hit ≤ 1.3× raw GET", client + ", Redis ÷ floor", threads,
						"SpringClientBenchmark." + client, "REDIS", "RedisGetFloorBenchmark.lettuceGet", null, 1.3, false);
			}
		}
		for (int threads : new int[] { 1, 8 }) {
			for (String client : new String[] { "restClientHit", "webClientHit", "restTemplateHit" }) {
				ratioRow(out, "memory hit ≤ 1.5× Apache hit", client + ", memory ÷ Apache", threads,
						"SpringClientBenchmark." + client, "MEMORY", "ApacheCacheBenchmark.hit", null, 1.5, false);
			}
		}
		for (String store : new String[] { "REDIS", "MEMORY" }) {
			ratioRow(out, "miss overhead ≤ 10%", "RestClient miss + store, " + store.toLowerCase(Locale.ROOT)
					+ " vs no cache", 1, "SpringClientBenchmark.restClientMiss", store, "NoCacheBenchmark.restClient",
					null, 1.10, true);
		}
		for (String store : new String[] { "REDIS", "MEMORY" }) {
			for (String client : new String[] { "restClientHit", "webClientHit", "restTemplateHit" }) {
				allocRow(out, client + ", " + store.toLowerCase(Locale.ROOT), "SpringClientBenchmark." + client, store);
			}
		}
		out.append("\n### For context (not targets)\n\n");
		out.append("| ratio | threads | 1 KiB | 16 KiB | 256 KiB |\n| --- | ---: | ---: | ---: | ---: |\n");
		for (int threads : new int[] { 1, 8 }) {
			plainRatio(out, "no cache ÷ ours RestClient Redis hit (speed-up of a hit)", threads,
					"NoCacheBenchmark.restClient", null, "SpringClientBenchmark.restClientHit", "REDIS");
			plainRatio(out, "ours RestClient memory hit ÷ OkHttp hit", threads, "SpringClientBenchmark.restClientHit",
					"MEMORY", "OkHttpCacheBenchmark.hit", null);
		}
		plainRatio(out, "ours 304 revalidation, Redis ÷ no cache", 1, "SpringClientBenchmark.restClientRevalidate",
				"REDIS", "NoCacheBenchmark.restClient", null);
		plainRatio(out, "ours 304 revalidation, Redis ÷ Apache 304 revalidation", 1,
				"SpringClientBenchmark.restClientRevalidate", "REDIS", "ApacheCacheBenchmark.revalidate", null);
		plainRatio(out, "ours 304 revalidation, Redis ÷ OkHttp 304 revalidation", 1,
				"SpringClientBenchmark.restClientRevalidate", "REDIS", "OkHttpCacheBenchmark.revalidate", null);
		return out.toString();
	}

	private void table(StringBuilder out, int threads, Function<Row, String> cell) {
		out.append("| scenario | 1 KiB | 16 KiB | 256 KiB |\n| --- | ---: | ---: | ---: |\n");
		for (Scenario scenario : SCENARIOS) {
			List<String> cells = new ArrayList<>();
			boolean any = false;
			for (int size : SIZES) {
				Row row = this.rows.get(Row.key(scenario.benchmark(), scenario.store(), threads, size));
				String text = (row != null) ? cell.apply(row) : null;
				any |= text != null;
				cells.add((text != null) ? text : "–");
			}
			if (any) {
				out.append("| ").append(scenario.label()).append(" | ").append(String.join(" | ", cells)).append(" |\n");
			}
		}
	}

	private void ratioRow(StringBuilder out, String target, String label, int threads, String benchmark,
			String store, String baseline, String baselineStore, double limit, boolean overhead) {
		List<String> cells = new ArrayList<>();
		boolean any = false;
		for (int size : SIZES) {
			Double ratio = ratio(threads, size, benchmark, store, baseline, baselineStore);
			if (ratio == null) {
				cells.add("–");
				continue;
			}
			any = true;
			String value = overhead ? String.format(Locale.ROOT, "%+.1f%%", (ratio - 1) * 100)
					: String.format(Locale.ROOT, "%.2f×", ratio);
			cells.add(value + ((ratio <= limit) ? " met" : " **missed**"));
		}
		if (any) {
			out.append("| ").append(target).append(" | ").append(label).append(" | ").append(threads).append(" | ")
				.append(String.join(" | ", cells)).append(" |\n");
		}
	}

	private void allocRow(StringBuilder out, String label, String benchmark, String store) {
		List<String> cells = new ArrayList<>();
		boolean any = false;
		for (int size : SIZES) {
			Row row = this.rows.get(Row.key(benchmark, store, 1, size));
			if (row == null || row.alloc == null) {
				cells.add("–");
				continue;
			}
			any = true;
			double ratio = row.alloc / size;
			cells.add(String.format(Locale.ROOT, "%.1f×", ratio) + ((ratio <= 2.0) ? " met" : " **missed**"));
		}
		if (any) {
			out.append("| allocation per hit ≤ 2× body | ").append(label).append(" | 1 | ").append(String.join(" | ", cells))
				.append(" |\n");
		}
	}

	private void plainRatio(StringBuilder out, String label, int threads, String benchmark, String store,
			String baseline, String baselineStore) {
		List<String> cells = new ArrayList<>();
		boolean any = false;
		for (int size : SIZES) {
			Double ratio = ratio(threads, size, benchmark, store, baseline, baselineStore);
			any |= ratio != null;
			cells.add((ratio != null) ? String.format(Locale.ROOT, "%.2f×", ratio) : "–");
		}
		if (any) {
			out.append("| ").append(label).append(" | ").append(threads).append(" | ").append(String.join(" | ", cells))
				.append(" |\n");
		}
	}

	private Double ratio(int threads, int size, String benchmark, String store, String baseline, String baselineStore) {
		Row row = this.rows.get(Row.key(benchmark, store, threads, size));
		Row base = this.rows.get(Row.key(baseline, baselineStore, threads, size));
		if (row == null || base == null || row.time == null || base.time == null || base.time == 0) {
			return null;
		}
		return row.time / base.time;
	}

	private static String fixed(double value) {
		if (value >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (value >= 10) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

	private static double number(String text) {
		try {
			return Double.parseDouble(text);
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

	/** Splits one CSV line as JMH writes it: comma-separated, fields in double quotes when quoted. */
	static List<String> parse(String line) {
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					field.append(c);
				}
			}
			else if (c == '"') {
				quoted = true;
			}
			else if (c == ',') {
				fields.add(field.toString());
				field.setLength(0);
			}
			else {
				field.append(c);
			}
		}
		fields.add(field.toString());
		return fields;
	}

	/** A labelled scenario of the tables. */
	record Scenario(String benchmark, String store, String label) {
	}

	/** The measurements of one benchmark at one store, thread count and size. */
	static final class Row {

		final String benchmark;

		final String store;

		final int threads;

		final int size;

		Double time;

		Double error;

		Double alloc;

		Row(String benchmark, String store, int threads, int size) {
			this.benchmark = benchmark;
			this.store = store;
			this.threads = threads;
			this.size = size;
		}

		String key() {
			return key(this.benchmark, this.store, this.threads, this.size);
		}

		static String key(String benchmark, String store, int threads, int size) {
			return benchmark + "|" + ((store != null) ? store : "") + "|" + threads + "|" + size;
		}

	}

}
