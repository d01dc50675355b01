package io.github.httpcache.internal.store;

import io.github.httpcache.store.CacheStoreException;

/** A store call was skipped because the store's circuit breaker is open; nothing was sent to the store. */
public final class CircuitOpenException extends CacheStoreException {

	public CircuitOpenException(String message) {
		super(message);
	}

}
