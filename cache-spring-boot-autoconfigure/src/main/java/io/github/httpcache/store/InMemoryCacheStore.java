package io.github.httpcache.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;

/**
 * A bounded in-process store: entries are kept encoded (so the memory bound counts real bytes and
 * decoding follows the same rules as Redis) and the least recently used are evicted once the total
 * exceeds {@code maxBytes}.
 */
public final class InMemoryCacheStore implements CacheStore {

	private final CacheEntryCodec codec = new CacheEntryCodec();

	private final long maxBytes;

	/** Request key to its variants (variant key to encoded entry), in access order. */
	private final LinkedHashMap<String, Map<String, byte[]>> entries = new LinkedHashMap<>(16, 0.75f, true);

	/** URL key to the request keys stored for it, for invalidation. */
	private final Map<String, List<String>> urls = new LinkedHashMap<>();

	private long bytes;

	public InMemoryCacheStore(long maxBytes) {
		if (maxBytes <= 0) {
			throw new IllegalArgumentException("'maxBytes' must be positive");
		}
		this.maxBytes = maxBytes;
	}

	@Override
	public synchronized List<CacheEntry> get(CacheKey key) {
		Map<String, byte[]> variants = this.entries.get(key.requestKey());
		if (variants == null) {
			return List.of();
		}
		List<CacheEntry> found = new ArrayList<>(variants.size());
		for (byte[] encoded : variants.values()) {
			found.add(this.codec.decode(encoded));
		}
		return found;
	}

	@Override
	public synchronized void put(CacheKey key, CacheEntry entry) {
		byte[] encoded = this.codec.encode(entry);
		Map<String, byte[]> variants = this.entries.computeIfAbsent(key.requestKey(), (k) -> new LinkedHashMap<>());
		byte[] previous = variants.put(entry.variantKey(), encoded);
		this.bytes += encoded.length - ((previous != null) ? previous.length : 0);
		List<String> requestKeys = this.urls.computeIfAbsent(key.urlKey(), (k) -> new ArrayList<>());
		if (!requestKeys.contains(key.requestKey())) {
			requestKeys.add(key.requestKey());
		}
		evictOverflow();
	}

	@Override
	public synchronized void evictUrl(String urlKey) {
		List<String> requestKeys = this.urls.remove(urlKey);
		if (requestKeys != null) {
			requestKeys.forEach(this::removeRequestKey);
		}
	}

	@Override
	public synchronized List<CacheEntry> entriesForUrl(String urlKey) {
		List<CacheEntry> found = new ArrayList<>();
		for (String requestKey : this.urls.getOrDefault(urlKey, List.of())) {
			Map<String, byte[]> variants = this.entries.get(requestKey);
			if (variants != null) {
				variants.values().forEach((encoded) -> found.add(this.codec.decode(encoded)));
			}
		}
		return found;
	}

	@Override
	public synchronized void clear() {
		this.entries.clear();
		this.urls.clear();
		this.bytes = 0;
	}

	/** Bytes held, for the actuator endpoint and tests. */
	public synchronized long size() {
		return this.bytes;
	}

	private void evictOverflow() {
		Iterator<Map.Entry<String, Map<String, byte[]>>> eldest = this.entries.entrySet().iterator();
		while (this.bytes > this.maxBytes && eldest.hasNext()) {
			Map.Entry<String, Map<String, byte[]>> victim = eldest.next();
			victim.getValue().values().forEach((encoded) -> this.bytes -= encoded.length);
			eldest.remove();
		}
	}

	private void removeRequestKey(String requestKey) {
		Map<String, byte[]> variants = this.entries.remove(requestKey);
		if (variants != null) {
			variants.values().forEach((encoded) -> this.bytes -= encoded.length);
		}
	}

}
