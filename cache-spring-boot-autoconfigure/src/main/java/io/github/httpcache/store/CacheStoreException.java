package io.github.httpcache.store;

/** A store could not complete an operation; the engine treats it as a miss and the request goes on. */
public class CacheStoreException extends RuntimeException {

	public CacheStoreException(String message, Throwable cause) {
		super(message, cause);
	}

	public CacheStoreException(String message) {
		super(message);
	}

}
