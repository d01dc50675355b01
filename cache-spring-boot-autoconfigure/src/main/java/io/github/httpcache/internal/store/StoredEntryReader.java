package io.github.httpcache.internal.store;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;

import io.github.httpcache.core.CacheEntry;

/**
 * Reads stored values back into entries. A value that cannot be read (truncated, corrupt, written by
 * another version or by someone else) is left out and logged at a sane rate; the caller deletes it, so
 * it costs one miss. Shared by the blocking and reactive stores.
 */
final class StoredEntryReader {

	private final CacheEntryCodec codec;

	private final StoreFailureLog log;

	public StoredEntryReader(CacheEntryCodec codec, Log logger) {
		this.codec = codec;
		this.log = new StoreFailureLog(logger);
	}

	/**
	 * Decodes the values found for a URL.
	 * @param values the stored values
	 * @param url the URL they were found for, for the log
	 * @return the readable entries and how many values were not
	 */
	public Entries read(List<byte[]> values, String url) {
		List<CacheEntry> entries = new ArrayList<>(values.size());
		int unreadable = 0;
		for (byte[] value : values) {
			try {
				entries.add(this.codec.decode(value));
			}
			catch (CorruptEntryException ex) {
				unreadable++;
				this.log.failed("Ignoring and deleting an unreadable cache entry for " + url, ex);
			}
		}
		return new Entries(List.copyOf(entries), unreadable);
	}

	/**
	 * What a lookup found.
	 *
	 * @param entries the readable entries
	 * @param unreadable how many values could not be read and should be deleted
	 */
	public record Entries(List<CacheEntry> entries, int unreadable) {
	}

}
