package io.github.httpcache.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * receives (in all and by path) and records them, so a test proves what the origin saw.
 * <p>
 * {@link #start()} serves through the JDK's HTTP server. {@link #raw(RawHandler)} serves over a bare
 * socket, one request per connection, and lets the test write bytes a well-behaved server never sends:
 * a body shorter than its {@code Content-Length}, a chunked body cut mid-way, a {@code Date} of its
 * choosing (the JDK server stamps its own), a body that stalls half-way.
 */
public final class TestOrigin implements AutoCloseable {

	private final HttpServer server;

	private final ServerSocket rawServer;

	private final RawHandler rawHandler;

	private final Map<String, AtomicInteger> pathCounts = new ConcurrentHashMap<>();

	private final Deque<String> rawReplies = new ConcurrentLinkedDeque<>();

	private final Deque<Reply> replies = new ConcurrentLinkedDeque<>();

	private final List<Recorded> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger count = new AtomicInteger();

	private volatile Function<Recorded, Reply> fallback = (request) -> Reply.status(404, "no reply enqueued");

	private TestOrigin(HttpServer server) {
		this.server = server;
		this.rawServer = null;
		this.rawHandler = null;
	}

	private TestOrigin(ServerSocket rawServer, RawHandler rawHandler) {
		this.server = null;
		this.rawServer = rawServer;
		this.rawHandler = rawHandler;
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

	/**
	 * An origin over a bare socket: each connection carries one request, recorded and counted, then
	 * handed to {@code handler} with the socket to write to.
	 */
	public static TestOrigin raw(RawHandler handler) {
		try {
			TestOrigin origin = new TestOrigin(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), handler);
			Thread acceptor = new Thread(origin::acceptRaw, "test-origin-raw");
			acceptor.setDaemon(true);
			acceptor.start();
			return origin;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An origin over a bare socket that answers each request with the next {@link #enqueueRaw raw
	 * response}, header fields exactly as given, or 404 when none is left.
	 */
	public static TestOrigin raw() {
		TestOrigin[] self = new TestOrigin[1];
		self[0] = raw((request, count, socket, out) -> {
			String reply = self[0].rawReplies.poll();
			write(out, (reply != null) ? reply : "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
		});
		return self[0];
	}

	/** For {@link #raw()}: answers the next request with this status, these header fields and body. */
	public TestOrigin enqueueRaw(int status, String body, String... fields) {
		StringBuilder reply = new StringBuilder("HTTP/1.1 ").append(status)
			.append((status == 304) ? " Not Modified" : " OK")
			.append("\r\n");
		for (String field : fields) {
			reply.append(field).append("\r\n");
		}
		if (status != 304) {
			reply.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
		}
		reply.append("Connection: close\r\n\r\n").append(body);
		this.rawReplies.add(reply.toString());
		return this;
	}

	/** The absolute URL of a path on this origin. */
	public String url(String path) {
		return "http://127.0.0.1:" + port() + path;
	}

	public int port() {
		return (this.server != null) ? this.server.getAddress().getPort() : this.rawServer.getLocalPort();
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

	/** How many requests for this path (without the query) reached the origin. */
	public int requestCount(String path) {
		AtomicInteger count = this.pathCounts.get(path);
		return (count != null) ? count.get() : 0;
	}

	public List<Recorded> requests() {
		return List.copyOf(this.requests);
	}

	public Recorded lastRequest() {
		return this.requests.get(this.requests.size() - 1);
	}

	@Override
	public void close() {
		if (this.server != null) {
			this.server.stop(0);
		}
		else {
			try {
				this.rawServer.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
	}

	/** Writes text as ISO-8859-1 bytes and flushes, for raw handlers. */
	public static void write(OutputStream out, String text) throws IOException {
		out.write(text.getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
	}

	/** Writes a full, well-formed response that may be stored for a minute, for raw handlers. */
	public static void writeCacheable(OutputStream out, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nCache-Control: max-age=60\r\nContent-Length: "
				+ bytes.length + "\r\nConnection: close\r\n\r\n");
		out.write(bytes);
		out.flush();
	}

	private Recorded record(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
		Recorded recorded = new Recorded(method, uri, headers, body);
		this.requests.add(recorded);
		this.count.incrementAndGet();
		this.pathCounts.computeIfAbsent(uri.getPath(), (p) -> new AtomicInteger()).incrementAndGet();
		return recorded;
	}

	private void acceptRaw() {
		while (!this.rawServer.isClosed()) {
			try {
				Socket socket = this.rawServer.accept();
				Thread worker = new Thread(() -> serveRaw(socket), "test-origin-raw-conn");
				worker.setDaemon(true);
				worker.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serveRaw(Socket socket) {
		try (socket) {
			String head = readHead(socket.getInputStream());
			if (head.isEmpty()) {
				return;
			}
			String[] lines = head.split("\r\n");
			String[] requestLine = lines[0].split(" ");
			Map<String, List<String>> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon > 0) {
					headers.computeIfAbsent(lines[i].substring(0, colon).trim(), (name) -> new ArrayList<>())
						.add(lines[i].substring(colon + 1).trim());
				}
			}
			Recorded recorded = record(requestLine[0], URI.create(requestLine[1]), headers, new byte[0]);
			this.rawHandler.handle(recorded.uri().getPath(), requestCount(recorded.uri().getPath()), socket,
					socket.getOutputStream());
		}
		catch (IOException ex) {
			// the client went away; nothing to do
		}
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		int b;
		while ((b = in.read()) != -1) {
			head.write(b);
			matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
			if (matched == 4) {
				break;
			}
		}
		return head.toString(StandardCharsets.ISO_8859_1);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] requestBody;
			try (InputStream in = exchange.getRequestBody()) {
				requestBody = in.readAllBytes();
			}
			Map<String, List<String>> headers = new LinkedHashMap<>();
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
			Recorded recorded = record(exchange.getRequestMethod(), exchange.getRequestURI(), headers, requestBody);
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

	/** Answers one request over a bare socket; {@code count} is how many times its path was asked. */
	@FunctionalInterface
	public interface RawHandler {

		void handle(String path, int count, Socket socket, OutputStream out) throws IOException;

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
