package io.github.httpcache.hardening;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin on 127.0.0.1 that writes raw bytes, so a test can send what a well-behaved server never
 * does: a body shorter than its {@code Content-Length}, a chunked body cut mid-way, a connection
 * reset. Each connection serves one request; the handler sees the path and how many times it was asked.
 */
final class RawOrigin implements AutoCloseable {

	private final ServerSocket server;

	private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

	private final Handler handler;

	private final Thread acceptor;

	RawOrigin(Handler handler) throws IOException {
		this.handler = handler;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.acceptor = new Thread(this::accept, "raw-origin");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.getLocalPort() + path;
	}

	int count(String path) {
		AtomicInteger count = this.counts.get(path);
		return (count != null) ? count.get() : 0;
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				Thread worker = new Thread(() -> serve(socket), "raw-origin-conn");
				worker.setDaemon(true);
				worker.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			String head = readHead(socket.getInputStream());
			if (head.isEmpty()) {
				return;
			}
			String path = head.split(" ")[1];
			int n = this.counts.computeIfAbsent(path, (p) -> new AtomicInteger()).incrementAndGet();
			this.handler.handle(path, n, socket, socket.getOutputStream());
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

	static void write(OutputStream out, String text) throws IOException {
		out.write(text.getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
	}

	/** A full, well-formed response that may be stored for a minute. */
	static void good(OutputStream out, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nCache-Control: max-age=60\r\nContent-Length: "
				+ bytes.length + "\r\nConnection: close\r\n\r\n");
		out.write(bytes);
		out.flush();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

	@FunctionalInterface
	interface Handler {

		void handle(String path, int count, Socket socket, OutputStream out) throws IOException;

	}

}
