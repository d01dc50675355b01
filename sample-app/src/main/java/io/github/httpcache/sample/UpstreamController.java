package io.github.httpcache.sample;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A simulated upstream API on the same server, one endpoint per caching behaviour the sample shows.
 * Building a full body is slow (300 ms), so a cache hit shows in the timings; answering {@code 304 Not
 * Modified} to a matching validator is quick, as it is for a real API that can compare versions without
 * building the response. Every endpoint counts the requests that reached it, so the demo can show what
 * the origin saw.
 */
@RestController
@RequestMapping("/upstream")
class UpstreamController {

	/** Header with which the demo asks {@code /upstream/flaky} to fail; not part of the cache key. */
	static final String FAIL_HEADER = "X-Sample-Fail";

	private static final Duration SLOW = Duration.ofMillis(300);

	private static final String VERSION = "\"v1\"";

	/** Fixed at start-up, so {@code If-Modified-Since} compares against a stable date. */
	private final ZonedDateTime lastModified = ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS).minusDays(1);

	private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();

	/**
	 * Slow JSON with an {@code ETag} and no freshness information: {@code http.cache.expire-after}
	 * decides how long it is fresh; afterwards it is revalidated with {@code If-None-Match}.
	 */
	@GetMapping("/slow")
	ResponseEntity<Map<String, Object>> slow(@RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch)
			throws InterruptedException {
		return withETag("slow", ifNoneMatch, CacheControl.empty());
	}

	/**
	 * Slow JSON with an {@code ETag} and {@code Cache-Control: no-cache}: stored, but revalidated with
	 * {@code If-None-Match} on every use; the origin answers {@code 304} quickly.
	 */
	@GetMapping("/etag")
	ResponseEntity<Map<String, Object>> etag(@RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch)
			throws InterruptedException {
		return withETag("etag", ifNoneMatch, CacheControl.noCache());
	}

	/**
	 * Slow JSON with only a {@code Last-Modified} date: the sample's {@code urls-expire-after} gives it
	 * expiration {@code 0}, so it is revalidated with {@code If-Modified-Since} on every use.
	 */
	@GetMapping("/last-modified")
	ResponseEntity<Map<String, Object>> lastModified(
			@RequestHeader(name = "If-Modified-Since", required = false) String ifModifiedSince)
			throws InterruptedException {
		count("last-modified");
		ZonedDateTime since = httpDate(ifModifiedSince);
		if (since != null && !this.lastModified.isAfter(since)) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).lastModified(this.lastModified).build();
		}
		return ResponseEntity.ok().lastModified(this.lastModified).body(slowBody("last-modified"));
	}

	/** Slow JSON fresh for 30 seconds ({@code Cache-Control: max-age=30}). */
	@GetMapping("/max-age")
	ResponseEntity<Map<String, Object>> maxAge() throws InterruptedException {
		count("max-age");
		return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofSeconds(30))).body(slowBody("max-age"));
	}

	/** Slow JSON the cache must never store ({@code Cache-Control: no-store}). */
	@GetMapping("/no-store")
	ResponseEntity<Map<String, Object>> noStore() throws InterruptedException {
		count("no-store");
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(slowBody("no-store"));
	}

	/**
	 * Slow JSON that never changes ({@code Cache-Control: public, max-age=31536000, immutable}): the
	 * cache keeps it without expiry, as requests-cache does.
	 */
	@GetMapping("/immutable")
	ResponseEntity<Map<String, Object>> immutable() throws InterruptedException {
		count("immutable");
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
			.body(slowBody("immutable"));
	}

	/**
	 * A greeting in the language asked for ({@code Vary: Accept-Language}, fresh for 60 seconds): each
	 * language is stored as its own variant, and is served only to requests asking for that language.
	 */
	@GetMapping("/vary")
	ResponseEntity<Map<String, Object>> vary(
			@RequestHeader(name = "Accept-Language", required = false, defaultValue = "en") String acceptLanguage)
			throws InterruptedException {
		count("vary");
		String language = acceptLanguage.strip().toLowerCase(Locale.ROOT);
		String greeting = language.startsWith("fr") ? "Bonjour" : language.startsWith("de") ? "Hallo"
				: language.startsWith("es") ? "Hola" : "Hello";
		Map<String, Object> body = slowBody("vary");
		body.put("language", language);
		body.put("message", greeting + " from a slow upstream");
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(Duration.ofSeconds(60)))
			.varyBy("Accept-Language")
			.body(body);
	}

	/**
	 * Slow JSON fresh for 10 seconds that answers {@code 503 Service Unavailable} when the request carries
	 * {@value #FAIL_HEADER}{@code : true}: with {@code http.cache.stale-if-error}, a stale stored response
	 * answers instead of the failure.
	 */
	@GetMapping("/flaky")
	ResponseEntity<Map<String, Object>> flaky(
			@RequestHeader(name = FAIL_HEADER, required = false, defaultValue = "false") boolean fail)
			throws InterruptedException {
		count("flaky");
		if (fail) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.body(Map.of("scenario", "flaky", "error", "upstream failing on demand"));
		}
		return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofSeconds(10))).body(slowBody("flaky"));
	}

	/** How many requests reached each upstream endpoint (including {@code 304} answers and failures). */
	@GetMapping("/requests")
	Map<String, Long> requests() {
		Map<String, Long> counts = new LinkedHashMap<>();
		this.requests.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.forEach((entry) -> counts.put(entry.getKey(), entry.getValue().get()));
		return counts;
	}

	private ResponseEntity<Map<String, Object>> withETag(String scenario, String ifNoneMatch, CacheControl cacheControl)
			throws InterruptedException {
		count(scenario);
		if (ifNoneMatch != null && (ifNoneMatch.contains(VERSION) || ifNoneMatch.strip().equals("*"))) {
			// The version is known without building the body: a quick 304.
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(VERSION).cacheControl(cacheControl).build();
		}
		return ResponseEntity.ok().eTag(VERSION).cacheControl(cacheControl).body(slowBody(scenario));
	}

	private Map<String, Object> slowBody(String scenario) throws InterruptedException {
		Thread.sleep(SLOW.toMillis());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("scenario", scenario);
		body.put("message", "Hello from a slow upstream");
		body.put("generatedAt", Instant.now().toString());
		return body;
	}

	/** An HTTP date, or {@code null} when absent or malformed (RFC 9110 §13.1.3: then ignore the header). */
	private static ZonedDateTime httpDate(String value) {
		if (value == null) {
			return null;
		}
		try {
			return ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private void count(String scenario) {
		this.requests.computeIfAbsent(scenario, (key) -> new AtomicLong()).incrementAndGet();
	}

}
