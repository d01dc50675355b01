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
 * {@code RESULTS.md}: the targets side by side with the measured ratios (each cell marked met
 * or missed), then time per operation at 1 and 8 threads and bytes allocated per operation.
 * <pre>
 * java -cp ... io.github.httpcache.benchmarks.ResultsTable results-*.csv
 * </pre>
 * A ratio of two averages carries both their errors: a cell whose ratio, computed from the ends of the
 * two 99.9% intervals, could fall on either side of the target is marked {@code †}, meaning its
 * verdict is within the noise of the run.
 */
public final class ResultsTable {

	static final int[] SIZES = { 1024, 16384, 262144 };

	static final int[] THREADS = { 1, 8 };

	static final String[] CLIENTS = { "REST_CLIENT", "REST_TEMPLATE", "WEB_CLIENT" };

	private static final String GET = "RedisFloorBenchmark.get";

	private static final String SET = "RedisFloorBenchmark.set";

	private static final String APACHE_HIT = "ApacheCacheBenchmark.hit";

	private static final String APACHE_304 = "ApacheCacheBenchmark.revalidate";

	private static final String HIT = "HitBenchmark.hit";

	private static final String MISS = "MissBenchmark.missAndStore";

	private static final String REVALIDATE = "RevalidateBenchmark.revalidate304";

	private static final String NO_CACHE = "NoCacheBenchmark.origin";

	private final Map<String, Row> rows = new LinkedHashMap<>();

	private int met;

	private int missed;

	private int withinNoise;

	private ResultsTable() {
	}

	public static void main(String[] args) throws IOException {
		ResultsTable table = new ResultsTable();
		for (String file : args) {
			Path path = Path.of(file);
			if (Files.exists(path)) {
				table.read(path);
			}
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
		int client = header.indexOf("Param: client");
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
			String key = Row.key(name, field(fields, client), field(fields, store),
					Integer.parseInt(fields.get(threads)), Integer.parseInt(fields.get(size)));
			Row row = this.rows.computeIfAbsent(key, (k) -> new Row());
			double value = number(fields.get(score));
			if (metric.equals("time")) {
				row.time = value;
				row.error = number(fields.get(error));
			}
			else if (metric.equals("gc.alloc.rate.norm")) {
				row.alloc = value;
			}
		}
	}

	String markdown() {
		StringBuilder out = new StringBuilder();
		out.append("\n### Targets (issue 15): measured ratio, same run\n\n");
		out.append("Each cell: the measured ratio, then `met` or **missed** against the target; `†` marks a "
				+ "verdict within the run's noise (the 99.9% intervals of the two sides allow either).\n\n");
		out.append("| target | client | threads | 1 KiB | 16 KiB | 256 KiB |\n| --- | --- | ---: | ---: | ---: | ---: |\n");
		for (int threads : THREADS) {
			double limit = (threads == 1) ? 1.3 : 1.5;
			for (String client : CLIENTS) {
				target(out, "Redis hit ≤ " + limit + "× one Lettuce `GET` of the same bytes", client, threads, limit,
						List.of(part(HIT, client, "REDIS")), List.of(part(GET, null, null)));
			}
		}
		for (int threads : THREADS) {
			for (String client : CLIENTS) {
				target(out, "memory hit ≤ 1.5× Apache HttpClient 5 cache hit", client, threads, 1.5,
						List.of(part(HIT, client, "MEMORY")), List.of(part(APACHE_HIT, null, null)));
			}
		}
		for (int threads : THREADS) {
			for (String client : CLIENTS) {
				target(out, "miss + store (Redis) ≤ 1.1× (no cache + `GET` + `SET`)", client, threads, 1.1,
						List.of(part(MISS, client, null)),
						List.of(part(NO_CACHE, client, null), part(GET, null, null), part(SET, null, null)));
			}
		}
		for (int threads : THREADS) {
			for (String client : CLIENTS) {
				target(out, "304 revalidation (Redis) ≤ 1.3× (Apache's 304 + one `GET`)", client, threads, 1.3,
						List.of(part(REVALIDATE, client, null)),
						List.of(part(APACHE_304, null, null), part(GET, null, null)));
			}
		}
		for (String store : new String[] { "REDIS", "MEMORY" }) {
			for (String client : CLIENTS) {
				allocation(out, client, store);
			}
		}
		out.append("\nMet: ").append(this.met).append(" of ").append(this.met + this.missed).append(" cells; ")
			.append(this.withinNoise).append(" verdicts within noise (†).\n");

		for (int threads : THREADS) {
			// Keys are benchmark|client|store|threads|size.
			if (this.rows.keySet().stream().noneMatch((key) -> key.split("\\|", -1)[3].equals(Integer.toString(threads)))) {
				continue;
			}
			out.append("\n### Time per operation, ").append(threads).append((threads == 1) ? " thread" : " threads")
				.append(" (µs/op, ± 99.9% CI; lower is better)\n\n");
			times(out, threads, (row) -> (row.time == null) ? null
					: fixed(row.time) + ((row.error == null || row.error.isNaN()) ? "" : " ± " + fixed(row.error)));
		}
		out.append("\n### Bytes allocated per operation, 1 thread (gc.alloc.rate.norm, B/op; × body size)\n\n");
		times(out, 1, (row) -> (row.alloc == null) ? null
				: String.format(Locale.ROOT, "%,.0f (%.1f×)", row.alloc, row.alloc / row.size));
		return out.toString();
	}

	/** The scenarios of the time and allocation tables, in order. */
	private List<Scenario> scenarios() {
		List<Scenario> scenarios = new ArrayList<>();
		scenarios.add(new Scenario("floor: one Lettuce `GET`, same bytes", GET, null, null));
		scenarios.add(new Scenario("floor: one Lettuce `SET`, same bytes", SET, null, null));
		scenarios.add(new Scenario("Apache HttpClient 5 cache hit (heap)", APACHE_HIT, null, null));
		scenarios.add(new Scenario("Apache HttpClient 5 cache 304 revalidation", APACHE_304, null, null));
		scenarios.add(new Scenario("OkHttp Cache hit (disk)", "OkHttpCacheBenchmark.hit", null, null));
		scenarios.add(new Scenario("OkHttp Cache 304 revalidation", "OkHttpCacheBenchmark.revalidate", null, null));
		for (String client : CLIENTS) {
			String name = clientName(client);
			scenarios.add(new Scenario(name + ": hit, Redis", HIT, client, "REDIS"));
			scenarios.add(new Scenario(name + ": hit, memory", HIT, client, "MEMORY"));
			scenarios.add(new Scenario(name + ": miss + store, Redis", MISS, client, null));
			scenarios.add(new Scenario(name + ": 304 revalidation, Redis", REVALIDATE, client, null));
			scenarios.add(new Scenario(name + ": no cache, origin every call", NO_CACHE, client, null));
		}
		return scenarios;
	}

	private void times(StringBuilder out, int threads, Function<Row, String> cell) {
		out.append("| scenario | 1 KiB | 16 KiB | 256 KiB |\n| --- | ---: | ---: | ---: |\n");
		for (Scenario scenario : scenarios()) {
			List<String> cells = new ArrayList<>();
			boolean any = false;
			for (int size : SIZES) {
				Row row = this.rows.get(Row.key(scenario.benchmark(), scenario.client(), scenario.store(), threads, size));
				String text = (row != null) ? cell.apply(row.sized(size)) : null;
				any |= text != null;
				cells.add((text != null) ? text : "–");
			}
			if (any) {
				out.append("| ").append(scenario.label()).append(" | ").append(String.join(" | ", cells)).append(" |\n");
			}
		}
	}

	/** One target row: the sum of {@code measured} over the sum of {@code baseline}, at each size. */
	private void target(StringBuilder out, String target, String client, int threads, double limit,
			List<Part> measured, List<Part> baseline) {
		List<String> cells = new ArrayList<>();
		boolean any = false;
		for (int size : SIZES) {
			double[] top = sum(measured, threads, size);
			double[] bottom = sum(baseline, threads, size);
			if (top == null || bottom == null || bottom[0] <= 0) {
				cells.add("–");
				continue;
			}
			any = true;
			double ratio = top[0] / bottom[0];
			double low = Math.max(top[0] - top[1], 0) / (bottom[0] + bottom[1]);
			double high = (bottom[0] - bottom[1] > 0) ? (top[0] + top[1]) / (bottom[0] - bottom[1]) : Double.POSITIVE_INFINITY;
			cells.add(verdict(String.format(Locale.ROOT, "%.2f×", ratio), ratio <= limit, low <= limit && limit <= high));
		}
		if (any) {
			out.append("| ").append(target).append(" | ").append(clientName(client)).append(" | ").append(threads)
				.append(" | ").append(String.join(" | ", cells)).append(" |\n");
		}
	}

	/** Allocation per hit over the body size; the target (≤ 2×) holds at 16 and 256 KiB only. */
	private void allocation(StringBuilder out, String client, String store) {
		List<String> cells = new ArrayList<>();
		boolean any = false;
		for (int size : SIZES) {
			Row row = this.rows.get(Row.key(HIT, client, store, 1, size));
			if (row == null || row.alloc == null) {
				cells.add("–");
				continue;
			}
			any = true;
			double ratio = row.alloc / size;
			String value = String.format(Locale.ROOT, "%.1f×", ratio);
			cells.add((size < 16384) ? value + " (no target)" : verdict(value, ratio <= 2.0, false));
		}
		if (any) {
			out.append("| allocation per hit ≤ 2× the body (16, 256 KiB), ")
				.append(store.equals("REDIS") ? "Redis" : "memory")
				.append(" | ")
				.append(clientName(client))
				.append(" | 1 | ")
				.append(String.join(" | ", cells))
				.append(" |\n");
		}
	}

	private String verdict(String value, boolean pass, boolean noisy) {
		if (pass) {
			this.met++;
		}
		else {
			this.missed++;
		}
		if (noisy) {
			this.withinNoise++;
		}
		return value + (pass ? " met" : " **missed**") + (noisy ? " †" : "");
	}

	/** The sum of the parts' averages and of their errors, or null when a part was not measured. */
	private double[] sum(List<Part> parts, int threads, int size) {
		double time = 0;
		double error = 0;
		for (Part part : parts) {
			Row row = this.rows.get(Row.key(part.benchmark(), part.client(), part.store(), threads, size));
			if (row == null || row.time == null || row.time.isNaN()) {
				return null;
			}
			time += row.time;
			error += (row.error == null || row.error.isNaN()) ? 0 : row.error;
		}
		return new double[] { time, error };
	}

	private static Part part(String benchmark, String client, String store) {
		return new Part(benchmark, client, store);
	}

	static String clientName(String client) {
		return switch (client) {
			case "REST_CLIENT" -> "RestClient";
			case "REST_TEMPLATE" -> "RestTemplate";
			case "WEB_CLIENT" -> "WebClient";
			default -> client;
		};
	}

	private static String field(List<String> fields, int index) {
		if (index < 0 || index >= fields.size() || fields.get(index).isBlank()) {
			return null;
		}
		return fields.get(index);
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
	record Scenario(String label, String benchmark, String client, String store) {
	}

	/** One measured benchmark a ratio sums. */
	record Part(String benchmark, String client, String store) {
	}

	/** The measurements of one benchmark at one client, store, thread count and size. */
	static final class Row {

		int size;

		Double time;

		Double error;

		Double alloc;

		Row sized(int size) {
			this.size = size;
			return this;
		}

		static String key(String benchmark, String client, String store, int threads, int size) {
			return benchmark + "|" + ((client != null) ? client : "") + "|" + ((store != null) ? store : "") + "|"
					+ threads + "|" + size;
		}

	}

}
