package io.github.httpcache.internal.store;

/**
 * Tells a broken connection from an error the server replied with. Redis answers {@code WRONGTYPE},
 * a script error or {@code NOSCRIPT} over a healthy connection: that is the failing call's error and
 * says nothing about the connection other calls share. Only a connection that is closed or could not
 * be made is worth replacing.
 */
final class ConnectionFailures {

	private ConnectionFailures() {
	}

	/** Whether the error is a reply from the server (the connection carried it, so it works). */
	static boolean isReplyError(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			String name = cause.getClass().getName();
			// Lettuce's reply errors: RedisCommandExecutionException and its NOSCRIPT, BUSY, LOADING subtypes.
			if (name.startsWith("io.lettuce.core.") && (name.endsWith("CommandExecutionException")
					|| name.endsWith("NoScriptException") || name.endsWith("BusyException")
					|| name.endsWith("LoadingException"))) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/** Whether the error says the connection itself is unusable (closed, or never made). */
	static boolean isBroken(Throwable ex) {
		if (isReplyError(ex)) {
			return false;
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof org.springframework.data.redis.RedisConnectionFailureException
					|| cause instanceof java.nio.channels.ClosedChannelException) {
				return true;
			}
			String message = cause.getMessage();
			if (message != null && (message.contains("Connection is closed") || message.contains("Connection closed"))) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}
