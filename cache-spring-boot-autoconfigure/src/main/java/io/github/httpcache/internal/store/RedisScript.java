package io.github.httpcache.internal.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.data.redis.connection.ReturnType;

/**
 * One Lua script with its SHA-1, computed once: stores call it with {@code EVALSHA} (Redis keeps a
 * script it has run once) and send the text with {@code EVAL} only when Redis answers {@code NOSCRIPT}
 * (after a restart, a {@code SCRIPT FLUSH}, or on a cluster node that has not run it yet).
 *
 * @param text the script
 * @param sha1 its lower-case hex SHA-1, as {@code SCRIPT LOAD} answers
 * @param returnType what it returns, for Spring Data Redis
 */
record RedisScript(String text, String sha1, ReturnType returnType) {

	static RedisScript of(String text, ReturnType returnType) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
			return new RedisScript(text, HexFormat.of().formatHex(digest), returnType);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is required of every Java platform", ex);
		}
	}

	/** Whether the error is Redis's {@code NOSCRIPT}: the script must be sent once with {@code EVAL}. */
	static boolean isNoScript(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getClass().getName().endsWith("NoScriptException")) {
				return true;
			}
			String message = cause.getMessage();
			if (message != null && message.contains("NOSCRIPT")) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}
