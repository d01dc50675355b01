package io.github.httpcache.internal.store;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.core.Headers;
import io.github.httpcache.store.Lookup;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near tier's own rules, without Redis: it answers only while open, an invalidation (or a
 * suspension) that arrives while a fill is in flight wins, and it stays within its byte bound.
 */
class NearCacheTests {

	private final AtomicInteger hits = new AtomicInteger();

	private final AtomicInteger misses = new AtomicInteger();

	private final NearCache near = new NearCache(1_000_000,
			(hit) -> (hit ? this.hits : this.misses).incrementAndGet());

	private final CacheKey key = new CacheKey("url-1", "request-1", "http://example.com/a");

	@Test
	void answersWhatAFillKeptOnlyWhileOpen() {
		assertThat(this.near.get(this.key)).as("closed").isNull();
		this.near.fill(this.key, lookup("A"), this.near.ticket(this.key.urlKey()));
		assertThat(this.near.get(this.key)).as("a ticket taken while closed fills nothing").isNull();
		this.near.open();
		this.near.fill(this.key, lookup("A"), this.near.ticket(this.key.urlKey()));
		Lookup kept = this.near.get(this.key);
		assertThat(kept).isNotNull();
		assertThat(kept.near()).isTrue();
		assertThat(new String(kept.entries().get(0).body())).isEqualTo("A");
		assertThat(kept.generation()).isEqualTo(7);
		this.near.suspend();
		assertThat(this.near.get(this.key)).as("suspended").isNull();
		this.near.open();
		assertThat(this.near.get(this.key)).as("reopened empty").isNull();
		assertThat(this.hits).hasValue(1);
		assertThat(this.misses).hasValue(4);
	}

	@Test
	void anInvalidationDuringAFillWins() {
		this.near.open();
		NearCache.Ticket ticket = this.near.ticket(this.key.urlKey());
		// The store is being read: an invalidation of the URL arrives before the result does.
		this.near.invalidate(this.key.urlKey());
		this.near.fill(this.key, lookup("old"), ticket);
		assertThat(this.near.get(this.key)).isNull();
	}

	@Test
	void aSuspensionOrAFullInvalidationDuringAFillWins() {
		this.near.open();
		NearCache.Ticket ticket = this.near.ticket(this.key.urlKey());
		this.near.invalidateAll();
		this.near.fill(this.key, lookup("old"), ticket);
		assertThat(this.near.get(this.key)).isNull();
		NearCache.Ticket second = this.near.ticket(this.key.urlKey());
		this.near.suspend();
		this.near.open();
		this.near.fill(this.key, lookup("old"), second);
		assertThat(this.near.get(this.key)).isNull();
	}

	@Test
	void anInvalidationOfAnotherUrlLeavesThisOne() {
		this.near.open();
		this.near.fill(this.key, lookup("A"), this.near.ticket(this.key.urlKey()));
		this.near.invalidate("url-2");
		assertThat(this.near.get(this.key)).isNotNull();
		this.near.invalidate(this.key.urlKey());
		assertThat(this.near.get(this.key)).isNull();
	}

	@Test
	void keepsNothingThatCannotFenceAWriteOrFoundNothing() {
		this.near.open();
		this.near.fill(this.key, Lookup.UNFENCED, this.near.ticket(this.key.urlKey()));
		this.near.fill(this.key, new Lookup(List.of(), 3), this.near.ticket(this.key.urlKey()));
		assertThat(this.near.get(this.key)).isNull();
	}

	@Test
	void staysWithinItsByteBound() {
		NearCache small = new NearCache(64 * 1024, NearCache.Listener.NONE);
		small.open();
		for (int i = 0; i < 100; i++) {
			CacheKey other = new CacheKey("url-" + i, "request", "http://example.com/" + i);
			small.fill(other, lookup("x".repeat(4096)), small.ticket(other.urlKey()));
		}
		assertThat(small.weightedSize()).isLessThanOrEqualTo(64 * 1024);
		assertThat(small.size()).isBetween(1L, 16L);
	}

	@Test
	void mapsAStoreKeyToItsUrlKey() {
		assertThat(RedisInvalidationChannel.urlKeyOf("p:", "p:{abc}:g")).isEqualTo("abc");
		assertThat(RedisInvalidationChannel.urlKeyOf("p:", "p:{abc}:v:12:req:-")).isEqualTo("abc");
		assertThat(RedisInvalidationChannel.urlKeyOf("p:", "p:{abc}:r:12:req")).isEqualTo("abc");
		assertThat(RedisInvalidationChannel.urlKeyOf("p:", "p:{abc}:u")).isEqualTo("abc");
		assertThat(RedisInvalidationChannel.urlKeyOf("p:", "p:{abc}:l:req")).as("a lease").isNull();
		assertThat(RedisInvalidationChannel.urlKeyOf("p:", "p:key-secret")).isNull();
		assertThat(RedisInvalidationChannel.urlKeyOf("p:", "q:{abc}:g")).isNull();
	}

	private static Lookup lookup(String body) {
		Instant now = Instant.parse("2025-01-01T00:00:00Z");
		CacheEntry entry = new CacheEntry("request-1", "http://example.com/a", "GET", 200, Headers.of("ETag", "\"1\""),
				body.getBytes(), Headers.empty(), now, now, now.plusSeconds(60), now);
		return new Lookup(List.of(entry), 7);
	}

}
