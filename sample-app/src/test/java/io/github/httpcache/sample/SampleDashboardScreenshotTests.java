package io.github.httpcache.sample;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard as a user first sees it, in a headless Chromium at 1366x768: after calls made with a
 * plain HTTP client (not the page), the hit ratio, the requests by result, the store latency and those
 * calls are rendered, and every one of these panels ends above the fold. The screenshot is kept in
 * {@code target/dashboard-1366x768.png}. Needs Debian's {@code chromium} at {@value #CHROMIUM}; skips
 * without it.
 */
class SampleDashboardScreenshotTests {

	private static final String CHROMIUM = "/usr/bin/chromium";

	private static final int WIDTH = 1366;

	private static final int HEIGHT = 768;

	private static ConfigurableApplicationContext context;

	private static String base;

	@BeforeAll
	static void startSampleAndCallIt() {
		assumeTrue(Files.isExecutable(Path.of(CHROMIUM)),
				"No Chromium at " + CHROMIUM + ": the dashboard screenshot test needs Debian's chromium package");
		context = new SpringApplication(SampleApplication.class).run("--server.port=0", "--http.cache.store=memory",
				"--sample.history.interval=200ms");
		base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort() + "/";
		RestClient http = RestClient.create(base);
		// As curl would: a miss and a hit through RestClient, a miss through RestTemplate.
		http.get().uri("demo/rest-client/max-age").retrieve().toBodilessEntity();
		http.get().uri("demo/rest-client/max-age").retrieve().toBodilessEntity();
		http.get().uri("demo/rest-template/no-store").retrieve().toBodilessEntity();
	}

	@AfterAll
	static void stopSample() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void keyFiguresAndCallsFromAnyClientAreRenderedAboveTheFold() throws Exception {
		String dom = chromium("--dump-dom", base);
		assertThat(text(dom, "p", "ratio")).as("hit ratio: 1 hit of 3 requests").isEqualTo("33.3 %");
		assertThat(dom).as("requests by result").containsPattern("result-hit\">hit</td><td>1</td>")
			.containsPattern("result-miss\">miss</td><td>2</td>");
		assertThat(text(dom, "p", "latency")).as("store latency").matches("\\d+\\.\\d\\d ms");
		assertThat(dom).as("the calls made without the page").contains("http-cache; hit; ttl=")
			.contains(">RestTemplate<")
			.contains(">no-store<");
		List<Integer> bottoms = new ArrayList<>();
		// dashboard.js writes where each key panel ends into its data-bottom attribute.
		Matcher bottom = Pattern.compile("data-bottom=\"(\\d+)\"").matcher(dom);
		while (bottom.find()) {
			bottoms.add(Integer.parseInt(bottom.group(1)));
		}
		assertThat(bottoms).as("bottom edges of hit ratio, results, latency and last calls").hasSize(4)
			.allSatisfy((edge) -> assertThat(edge).isLessThanOrEqualTo(HEIGHT));
	}

	@Test
	void screenshotShowsTheFigures() throws Exception {
		Path png = Path.of("target/dashboard-" + WIDTH + "x" + HEIGHT + ".png").toAbsolutePath();
		Files.deleteIfExists(png);
		chromium("--screenshot=" + png, base);
		BufferedImage image = ImageIO.read(png.toFile());
		assertThat(image.getWidth()).isEqualTo(WIDTH);
		assertThat(image.getHeight()).isEqualTo(HEIGHT);
		// The hit ratio's line and the hit row are drawn in the dashboard's green (#1a7f37).
		assertThat(pixels(image, 0x1a7f37)).as("green pixels of hits").isGreaterThan(100);
		// The results' bars and the latency line are blue (#4c8bf5).
		assertThat(pixels(image, 0x4c8bf5)).as("blue pixels of bars").isGreaterThan(100);
	}

	private static long pixels(BufferedImage image, int rgb) {
		long count = 0;
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				if ((image.getRGB(x, y) & 0xffffff) == rgb) {
					count++;
				}
			}
		}
		return count;
	}

	/** The text of the element with that id, as Chromium rendered it. */
	private static String text(String dom, String tag, String id) {
		Matcher matcher = Pattern.compile("<" + tag + " id=\"" + id + "\"[^>]*>([^<]*)</" + tag + ">").matcher(dom);
		assertThat(matcher.find()).as("#%s in %s", id, dom).isTrue();
		return matcher.group(1);
	}

	/**
	 * Runs Chromium headless at 1366x768 on the page; {@code --virtual-time-budget} lets the page's
	 * fetches and first poll finish before the DOM is dumped or the screenshot taken.
	 */
	private static String chromium(String output, String url) throws IOException, InterruptedException {
		Path profile = Files.createTempDirectory("chromium-profile");
		try {
			Process process = new ProcessBuilder(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
					"--disable-quic", "--no-first-run", "--disable-background-networking",
					"--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
					"--window-size=" + WIDTH + "," + HEIGHT, "--hide-scrollbars", "--virtual-time-budget=5000", output,
					url)
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			byte[] stdout = process.getInputStream().readAllBytes();
			assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
			assertThat(process.exitValue()).as("chromium exit code").isZero();
			return new String(stdout, StandardCharsets.UTF_8);
		}
		finally {
			FileSystemUtils.deleteRecursively(profile);
		}
	}

}
