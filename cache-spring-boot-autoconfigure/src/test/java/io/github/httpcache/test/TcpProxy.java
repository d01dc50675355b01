package io.github.httpcache.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy on 127.0.0.1 that a test puts between the application and a real server, to make that
 * server refuse connections, die mid-run, answer slowly or swallow everything. It starts refusing (as a
 * server that is not up yet); {@link #start()} opens it on its port, which stays the same throughout.
 */
public final class TcpProxy implements AutoCloseable {

	/** What the proxy does with the bytes of open connections. */
	public enum Mode {

		/** Passes bytes both ways at once. */
		FORWARD,

		/** Passes requests at once and holds each chunk of answer for the delay. */
		SLOW,

		/** Accepts connections and reads what is sent, and never answers. */
		BLACK_HOLE

	}

	private final String upstreamHost;

	private final int upstreamPort;

	private final int port;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile @Nullable ServerSocket server;

	private volatile Mode mode = Mode.FORWARD;

	private volatile long delayMillis;

	private TcpProxy(String upstreamHost, int upstreamPort) {
		this.upstreamHost = upstreamHost;
		this.upstreamPort = upstreamPort;
		this.port = TestRedis.freePort();
	}

	/** A proxy to the given server, not listening yet: connections to it are refused. */
	public static TcpProxy to(String host, int port) {
		return new TcpProxy(host, port);
	}

	public int port() {
		return this.port;
	}

	/** Starts accepting connections on {@link #port()}, forwarding. */
	public synchronized TcpProxy start() {
		this.mode = Mode.FORWARD;
		if (this.server != null) {
			return this;
		}
		try {
			ServerSocket server = new ServerSocket();
			server.setReuseAddress(true);
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
			this.server = server;
			Thread acceptor = new Thread(() -> accept(server), "tcp-proxy-accept-" + this.port);
			acceptor.setDaemon(true);
			acceptor.start();
			return this;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not listen on port " + this.port, ex);
		}
	}

	/** Kills the server: closes every connection and refuses new ones. */
	public synchronized void refuse() {
		ServerSocket server = this.server;
		this.server = null;
		if (server != null) {
			closeQuietly(server);
		}
		dropConnections();
	}

	/** Closes every open connection; new ones are accepted. */
	public void dropConnections() {
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
		this.sockets.clear();
	}

	/** Forwards bytes at once (again). */
	public void forward() {
		this.mode = Mode.FORWARD;
	}

	/** Holds each answer for the delay. */
	public void slow(Duration delay) {
		this.delayMillis = delay.toMillis();
		this.mode = Mode.SLOW;
	}

	/** Swallows everything, on open connections and new ones. */
	public void blackHole() {
		this.mode = Mode.BLACK_HOLE;
	}

	@Override
	public void close() {
		refuse();
	}

	private void accept(ServerSocket server) {
		while (!server.isClosed()) {
			try {
				Socket client = server.accept();
				this.sockets.add(client);
				Socket upstream = new Socket();
				this.sockets.add(upstream);
				upstream.connect(new InetSocketAddress(this.upstreamHost, this.upstreamPort), 2000);
				pump(client, upstream, false);
				pump(upstream, client, true);
			}
			catch (IOException ex) {
				// closed by refuse(), or the upstream is gone: the client sees its connection close
			}
		}
	}

	private void pump(Socket from, Socket to, boolean answers) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					Mode mode = this.mode;
					if (mode == Mode.BLACK_HOLE) {
						continue;
					}
					if (mode == Mode.SLOW && answers) {
						Thread.sleep(this.delayMillis);
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// connection closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "tcp-proxy-pump-" + this.port);
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// already closed
		}
	}

}
