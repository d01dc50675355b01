package io.github.httpcache.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A real Redis server for tests, provisioned once per JVM in this order: the address in the
 * environment variable {@code HTTP_CACHE_TEST_REDIS} ({@code host:port}); else a Testcontainers
 * container when a Docker engine answers; else a {@code redis-server} from the
 * {@code com.github.codemonstur:embedded-redis} jar on a free port. Never assumes 6379.
 */
public final class TestRedis {

	public static final String ENVIRONMENT_VARIABLE = "HTTP_CACHE_TEST_REDIS";

	private static @Nullable TestRedis instance;

	private final String host;

	private final int port;

	private final String provisionedBy;


	private TestRedis(String host, int port, String provisionedBy) {
		this.host = host;
		this.port = port;
		this.provisionedBy = provisionedBy;
	}

	/** The shared server, started on first use and stopped when the JVM exits. */
	public static synchronized TestRedis get() {
		if (instance == null) {
			instance = provision();
		}
		return instance;
	}

	public String host() {
		return this.host;
	}

	public int port() {
		return this.port;
	}

	public String provisionedBy() {
		return this.provisionedBy;
	}

	/** Properties that point Spring Boot's Redis auto-configuration at this server. */
	public String[] springProperties() {
		return new String[] { "spring.data.redis.host=" + this.host, "spring.data.redis.port=" + this.port };
	}

	/** A new, started connection factory; the caller destroys it. */
	public LettuceConnectionFactory connectionFactory() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(this.host, this.port));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/** Removes every key, for tests that need an empty server. */
	public void flushAll() {
		LettuceConnectionFactory factory = connectionFactory();
		try (var connection = factory.getConnection()) {
			connection.serverCommands().flushAll();
		}
		finally {
			factory.destroy();
		}
	}

	private static TestRedis provision() {
		String address = System.getenv(ENVIRONMENT_VARIABLE);
		if (address != null && !address.isBlank()) {
			int colon = address.lastIndexOf(':');
			return new TestRedis(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1).trim()),
					ENVIRONMENT_VARIABLE);
		}
		TestRedis container = ContainerRedis.startIfDockerAnswers();
		if (container != null) {
			return container;
		}
		return startEmbedded();
	}

	/** Starts the embedded {@code redis-server} on a free port, retrying if another process takes the port first. */
	static TestRedis startEmbedded() {
		IOException last = null;
		for (int attempt = 0; attempt < 5; attempt++) {
			int port = freePort();
			try {
				redis.embedded.RedisServer server = redis.embedded.RedisServer.newRedisServer()
					.port(port)
					.bind("127.0.0.1")
					.setting("save \"\"")
					.setting("appendonly no")
					.build();
				server.start();
				waitUntilListening(port);
				TestRedis redis = new TestRedis("127.0.0.1", port, "embedded redis-server");
				Runtime.getRuntime().addShutdownHook(new Thread(() -> {
					try {
						server.stop();
					}
					catch (IOException ex) {
						// the JVM is exiting
					}
				}));
				return redis;
			}
			catch (IOException ex) {
				last = ex;
			}
		}
		throw new IllegalStateException("Could not start an embedded redis-server", last);
	}

	/** A port nothing listens on right now. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
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

	/** Testcontainers, kept in its own class so that it is loaded only when tried. */
	private static final class ContainerRedis {

		static @Nullable TestRedis startIfDockerAnswers() {
			try {
				if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
					return null;
				}
				org.testcontainers.containers.GenericContainer<?> container = new org.testcontainers.containers.GenericContainer<>(
						org.testcontainers.utility.DockerImageName.parse("redis:7-alpine"))
					.withExposedPorts(6379);
				container.start();
				Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
				return new TestRedis(container.getHost(), container.getMappedPort(6379), "Testcontainers");
			}
			catch (RuntimeException | LinkageError ex) {
				return null;
			}
		}

	}

	@Override
	public String toString() {
		return "Redis at " + this.host + ":" + this.port + " (" + this.provisionedBy + ")";
	}


}
