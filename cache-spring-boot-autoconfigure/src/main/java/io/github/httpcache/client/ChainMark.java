package io.github.httpcache.client;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;

/**
 * What a client built from Spring Boot's builder carries in its request attributes: the builder's
 * customizer marks each request, and the caching request factory or connector, where the request
 * leaves the client, says it was reached. A request that reaches the origin without passing it went
 * through a request factory or connector the application set later: it was not cached (never served
 * to someone else), and one warning says so.
 */
final class ChainMark {

	/** The request attribute that holds the mark. */
	static final String ATTRIBUTE = ChainMark.class.getName();

	private volatile boolean reached;

	/** Says, on the request's mark if it has one, that the cache saw the request as it left the client. */
	static void reach(Map<String, Object> attributes) {
		if (attributes.get(ATTRIBUTE) instanceof ChainMark mark) {
			mark.reached = true;
		}
	}

	/** Whether a caching factory or connector is expected below (the request carries a mark). */
	static boolean expected(Map<String, Object> attributes) {
		return attributes.get(ATTRIBUTE) instanceof ChainMark;
	}

	boolean reached() {
		return this.reached;
	}

	/** Logs, once per client kind, that a request went to the origin without passing the cache. */
	static final class Warning {

		private final AtomicBoolean logged = new AtomicBoolean();

		private final Log logger;

		private final String message;

		Warning(Log logger, String message) {
			this.logger = logger;
			this.message = message;
		}

		void check(ChainMark mark) {
			if (!mark.reached() && this.logged.compareAndSet(false, true)) {
				this.logger.warn(this.message);
			}
		}

	}

}
