package io.github.httpcache.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP origin on 127.0.0.1 that answers from a queue ("A then B"), counts the requests it
 * receives and records them, so a test proves what the origin saw.
 */
public final class TestOrigin implements AutoCloseable {

	private final HttpServer server;

	private final Deque<Reply> replies = new ConcurrentLinkedDeque<>();

	private final List<Recorded> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger count = new AtomicInteger();

	private volatile Function<Recorded, Reply> fallback = (request) -> Reply.status(404, "no reply enqueued");

	private TestOrigin(HttpServer server) {
		this.server = server;
	}

	public static TestOrigin start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			TestOrigin origin = new TestOrigin(server);
			server.createContext("/", origin::handle);
			server.setExecutor(Executors.newCachedThreadPool((runnable) -> {
				Thread thread = new Thread(runnable, "test-origin");
				thread.setDaemon(true);
				return thread;
			}));
			server.start();
			return origin;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The absolute URL of a path on this origin. */
	public String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	/** Answers the next request with this reply. */
	public TestOrigin enqueue(Reply reply) {
		this.replies.add(reply);
		return this;
	}

	/** Answers requests when the queue is empty. */
	public TestOrigin otherwise(Function<Recorded, Reply> fallback) {
		this.fallback = fallback;
		return this;
	}

	/** How many requests reached the origin. */
	public int requestCount() {
		return this.count.get();
	}

	public List<Recorded> requests() {
		return List.copyOf(this.requests);
	}

	public Recorded lastRequest() {
		return this.requests.get(this.requests.size() - 1);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] requestBody;
			try (InputStream in = exchange.getRequestBody()) {
				requestBody = in.readAllBytes();
			}
			Map<String, List<String>> headers = new LinkedHashMap<>();
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
			Recorded recorded = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI(), headers, requestBody);
			this.requests.add(recorded);
			this.count.incrementAndGet();
			Reply reply = this.replies.poll();
			if (reply == null) {
				reply = this.fallback.apply(recorded);
			}
			if (reply.delayMillis() > 0) {
				try {
					Thread.sleep(reply.delayMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			Headers responseHeaders = exchange.getResponseHeaders();
			reply.headers().forEach((name, value) -> responseHeaders.add(name, value));
			boolean noBody = reply.status() == 304 || reply.status() == 204 || exchange.getRequestMethod().equals("HEAD");
			byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(reply.status(), noBody ? -1 : (body.length == 0 ? -1 : body.length));
			if (!noBody && body.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
		}
	}

	/**
	 * A request as the origin received it.
	 *
	 * @param method the method
	 * @param uri the request target
	 * @param headers the header fields (names as the JDK server normalises them)
	 * @param body the body
	 */
	public record Recorded(String method, URI uri, Map<String, List<String>> headers, byte[] body) {

		/** The first value of a header, case-insensitively, or {@code null}. */
		public String header(String name) {
			for (Map.Entry<String, List<String>> entry : this.headers.entrySet()) {
				if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
					return entry.getValue().get(0);
				}
			}
			return null;
		}

	}

	/**
	 * A scripted response.
	 *
	 * @param status the status code
	 * @param headers header fields, in order
	 * @param body the body text
	 * @param delayMillis how long to wait before answering
	 */
	public record Reply(int status, Map<String, String> headers, String body, long delayMillis) {

		public static Reply ok(String body) {
			return new Reply(200, new LinkedHashMap<>(Map.of("Content-Type", "text/plain")), body, 0);
		}

		public static Reply status(int status, String body) {
			return new Reply(status, new LinkedHashMap<>(), body, 0);
		}

		public static Reply notModified() {
			return new Reply(304, new LinkedHashMap<>(), "", 0);
		}

		public Reply header(String name, String value) {
			Map<String, String> headers = new LinkedHashMap<>(this.headers);
			headers.put(name, value);
			return new Reply(this.status, headers, this.body, this.delayMillis);
		}

		public Reply delay(long millis) {
			return new Reply(this.status, this.headers, this.body, millis);
		}

	}

}
