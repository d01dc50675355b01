package io.github.httpcache.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The origin every scenario calls: the JDK's {@code HttpServer} on 127.0.0.1 answering one JSON body
 * from memory, and counting what it receives so that a fixture can prove that a hit is a hit.
 * <ul>
 * <li>{@code /fresh/...}: 200, {@code Cache-Control: public, max-age=86400} and an ETag, so every
 * cache stores it and then answers by itself;</li>
 * <li>{@code /etag/...}: {@code Cache-Control: no-cache} and an ETag, so every cache stores it and
 * revalidates on each use; a matching {@code If-None-Match} gets a body-less 304;</li>
 * <li>{@code /miss/...}: 200, {@code Cache-Control: public, max-age=3} and no validator: each caller
 * asks for a new URL every time (a real miss that stores), and the entries it leaves behind expire
 * within seconds instead of filling Redis.</li>
 * </ul>
 */
final class JsonOrigin implements AutoCloseable {

	static {
		// Without TCP_NODELAY the server's separate header and body writes meet the client's delayed
		// ACK and every full response waits about 40 ms.
		System.setProperty("sun.net.httpserver.nodelay", "true");
	}

	private final HttpServer server;

	private final ExecutorService executor;

	private final byte[] body;

	private final String etag;

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong notModified = new AtomicLong();

	private JsonOrigin(int size) throws IOException {
		this.body = Bodies.json(size);
		this.etag = "\"v1-" + size + "\"";
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
		this.executor = Executors.newFixedThreadPool(8, (runnable) -> {
			Thread thread = new Thread(runnable, "json-origin");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** Starts an origin answering a JSON body of {@code size} bytes. */
	static JsonOrigin start(int size) {
		try {
			return new JsonOrigin(size);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the origin", ex);
		}
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	byte[] body() {
		return this.body;
	}

	/** Requests received so far. */
	long requests() {
		return this.requests.get();
	}

	/** 304 answers sent so far. */
	long notModified() {
		return this.notModified.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			try (InputStream in = exchange.getRequestBody()) {
				in.transferTo(OutputStream.nullOutputStream());
			}
			this.requests.incrementAndGet();
			String path = exchange.getRequestURI().getPath();
			Headers headers = exchange.getResponseHeaders();
			headers.set("Content-Type", "application/json");
			if (path.startsWith("/miss/")) {
				headers.set("Cache-Control", "public, max-age=3");
				exchange.sendResponseHeaders(200, this.body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(this.body);
				}
				return;
			}
			headers.set("ETag", this.etag);
			if (path.startsWith("/etag/")) {
				headers.set("Cache-Control", "no-cache");
				if (this.etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
					this.notModified.incrementAndGet();
					exchange.sendResponseHeaders(304, -1);
					return;
				}
			}
			else {
				headers.set("Cache-Control", "public, max-age=86400");
			}
			exchange.sendResponseHeaders(200, this.body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(this.body);
			}
		}
	}

}
