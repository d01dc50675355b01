package io.github.httpcache.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import redis.embedded.RedisServer;

/**
 * The Redis every Redis-backed scenario uses: the address in the system property
 * {@value #ADDRESS_PROPERTY} ({@code host:port}, set by {@link BenchmarkMain} for its forks), else an
 * embedded {@code redis-server} (from {@code com.github.codemonstur:embedded-redis}) started on a free
 * port for this JVM. Never assumes 6379.
 */
final class BenchRedis {

	static final String ADDRESS_PROPERTY = "httpcache.bench.redis";

	private static BenchRedis instance;

	private final String host;

	private final int port;

	private final RedisServer server;

	private BenchRedis(String host, int port, RedisServer server) {
		this.host = host;
		this.port = port;
		this.server = server;
	}

	/** The Redis of this JVM: the one named by the system property, or one started now. */
	static synchronized BenchRedis get() {
		if (instance == null) {
			String address = System.getProperty(ADDRESS_PROPERTY);
			if (address != null && !address.isBlank()) {
				int colon = address.lastIndexOf(':');
				instance = new BenchRedis(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)),
						null);
			}
			else {
				instance = startEmbedded();
				Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
			}
		}
		return instance;
	}

	/** Starts an embedded redis-server on a free port; the caller stops it. */
	static BenchRedis startEmbedded() {
		IOException last = null;
		for (int attempt = 0; attempt < 5; attempt++) {
			int port = freePort();
			try {
				RedisServer server = RedisServer.newRedisServer()
					.port(port)
					.bind("127.0.0.1")
					.setting("save \"\"")
					.setting("appendonly no")
					.setting("maxmemory 2gb")
					.setting("maxmemory-policy allkeys-lru")
					.build();
				server.start();
				waitUntilListening(port);
				return new BenchRedis("127.0.0.1", port, server);
			}
			catch (IOException ex) {
				last = ex;
			}
		}
		throw new IllegalStateException("Could not start an embedded redis-server", last);
	}

	String host() {
		return this.host;
	}

	int port() {
		return this.port;
	}

	String address() {
		return this.host + ":" + this.port;
	}

	void stop() {
		if (this.server != null) {
			try {
				this.server.stop();
			}
			catch (IOException ex) {
				// the JVM is exiting
			}
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free port", ex);
		}
	}

	private static void waitUntilListening(int port) throws IOException {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return;
			}
			catch (IOException ex) {
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw new IOException(interrupted);
				}
			}
		}
		throw new IOException("redis-server did not listen on port " + port);
	}

}
