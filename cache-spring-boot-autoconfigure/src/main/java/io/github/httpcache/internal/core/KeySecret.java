package io.github.httpcache.internal.core;

import java.security.SecureRandom;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The secret that keys credential digests (HMAC-SHA256), so that a dump of the store cannot be used to
 * guess short API keys or passwords offline, and so that two deployments never compute the same digest
 * for the same token.
 */
@FunctionalInterface
public interface KeySecret {

	/** Bytes of a generated secret: 256 bits, as HMAC-SHA256 (RFC 2104 §3) uses them in full. */
	int GENERATED_LENGTH = 32;

	/**
	 * The secret, or {@code null} while it is not known yet (the store that keeps it cannot be read).
	 * Called for every request that carries credentials, so it must be cheap once known; the same array
	 * is returned for as long as the secret does not change, and callers never modify it.
	 */
	byte @Nullable [] current();

	/** A fixed secret ({@code http.cache.key-secret}). */
	static KeySecret of(byte[] secret) {
		if (secret.length == 0) {
			throw new IllegalArgumentException("'secret' must not be empty");
		}
		byte[] copy = Arrays.copyOf(secret, secret.length);
		return () -> copy;
	}

	/** A secret generated now, for a cache whose store is private to this process. */
	static KeySecret generated() {
		return of(generate());
	}

	/** Fresh random bytes for a secret. */
	static byte[] generate() {
		byte[] secret = new byte[GENERATED_LENGTH];
		new SecureRandom().nextBytes(secret);
		return secret;
	}

}
