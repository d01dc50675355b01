package io.github.httpcache.internal.store;

/** Stored bytes are not an entry this version can read. */
public class CorruptEntryException extends RuntimeException {

	public CorruptEntryException(String message) {
		super(message);
	}

	public CorruptEntryException(String message, Throwable cause) {
		super(message, cause);
	}

}
