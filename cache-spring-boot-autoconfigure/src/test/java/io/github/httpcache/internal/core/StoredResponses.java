package io.github.httpcache.internal.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;
import io.github.httpcache.core.ResponseData;

/** Builds stored entries the way the engine does, through {@link CachePolicy#toStore}, for RFC tests. */
final class StoredResponses {

	static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private StoredResponses() {
	}

	static CacheEntry store(CachePolicy policy, CacheRequest request, Headers response, String body, Instant receivedAt) {
		CachePolicy.Storing storing = policy.toStore(request, policy.keys().keyFor(request),
				new ResponseData(200, response, body.getBytes(StandardCharsets.UTF_8)), receivedAt, receivedAt);
		if (storing.entry() == null) {
			throw new AssertionError("not stored: " + storing.reason());
		}
		return storing.entry();
	}

	static CachePolicy honouringHeaders() {
		return new CachePolicy(CacheSettings.defaults().withCacheControl(true));
	}

	static CachePolicy sharedHonouringHeaders() {
		return new CachePolicy(CacheSettings.defaults().withCacheControl(true).withShared(true));
	}

	static String date(Instant instant) {
		return HttpDates.format(instant);
	}

}
