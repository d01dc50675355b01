package io.github.httpcache.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import redis.embedded.RedisServer;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * A convenience of the sample, not of the starter: when no Redis answers at
 * {@code spring.data.redis.host:port}, start an embedded {@code redis-server} on a free port and point
 * the application at it, so the sample runs on a machine with nothing installed but Java.
 */
class EmbeddedRedisFallback implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	private static final Log logger = LogFactory.getLog(EmbeddedRedisFallback.class);

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ConfigurableEnvironment environment = event.getEnvironment();
		if (!environment.getProperty("sample.embedded-redis.enabled", Boolean.class, true)) {
			return;
		}
		if (Boolean.getBoolean("spring.aot.processing")) {
			// spring-boot:process-aot starts the application only to record its bean definitions: no Redis needed.
			return;
		}
		String host = environment.getProperty("spring.data.redis.host", "localhost");
		int port = environment.getProperty("spring.data.redis.port", Integer.class, 6379);
		if (answers(host, port)) {
			logger.info("Using Redis at " + host + ":" + port);
			return;
		}
		int embeddedPort = freePort();
		try {
			RedisServer server = RedisServer.newRedisServer()
				.port(embeddedPort)
				.bind("127.0.0.1")
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			server.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					server.stop();
				}
				catch (IOException ex) {
					// exiting anyway
				}
			}));
		}
		catch (IOException ex) {
			throw new IllegalStateException("No Redis answers at " + host + ":" + port
					+ " and the embedded redis-server could not start", ex);
		}
		environment.getPropertySources()
			.addFirst(new MapPropertySource("embeddedRedis",
					Map.of("spring.data.redis.host", "127.0.0.1", "spring.data.redis.port", embeddedPort)));
		logger.info("No Redis answered at " + host + ":" + port + "; started an embedded redis-server on 127.0.0.1:"
				+ embeddedPort + " for this sample");
	}

	private static boolean answers(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 300);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
