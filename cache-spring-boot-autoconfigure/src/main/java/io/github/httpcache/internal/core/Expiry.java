package io.github.httpcache.internal.core;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The verdict on how long a response may be kept: not at all, forever, or until an instant.
 *
 * @param store whether the response may be stored
 * @param expires when it stops being fresh; {@code null} for never (or when not stored)
 * @param reason why, for logs
 */
public record Expiry(boolean store, @Nullable Instant expires, String reason) {

	static Expiry doNotStore(String reason) {
		return new Expiry(false, null, reason);
	}

	static Expiry never(String reason) {
		return new Expiry(true, null, reason);
	}

	static Expiry at(Instant expires, String reason) {
		return new Expiry(true, expires, reason);
	}

}
