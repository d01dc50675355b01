package io.github.httpcache.internal.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheOutcome;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading back what the cache did from the {@code Cache-Status} it wrote (RFC 9211). */
class CacheStatusOutcomeTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			http-cache; hit                                                      | HIT
			http-cache; hit; ttl=42                                              | HIT
			http-cache; hit; ttl=0; detail=collapsed                             | HIT
			http-cache; hit; ttl=-3                                              | STALE
			http-cache; hit; ttl=-3; detail=stale-while-revalidate               | STALE
			http-cache; fwd=stale; fwd-status=503; ttl=-12; detail=stale-if-error | STALE
			http-cache; fwd=stale; detail=stale-if-error                         | STALE
			http-cache; fwd=stale; fwd-status=304; stored                        | REVALIDATED
			http-cache; fwd=stale; stored                                        | MODIFIED
			http-cache; fwd=uri-miss; stored                                     | MISS
			http-cache; fwd=vary-miss                                            | MISS
			http-cache; fwd=request; stored                                      | MISS
			http-cache; detail=only-if-cached                                    | MISS
			http-cache; fwd=bypass                                               | BYPASS
			http-cache; fwd=uri-miss; detail=store-unavailable                   | ERROR
			http-cache; detail=must-revalidate                                   | ERROR
			github; HIT                                                          | HIT
			'http-cache; fwd=uri-miss; stored, ExampleCDN; hit'                  | MISS
			""")
	void readsTheOutcomeTheCacheReportedNotThoseOfCachesBeforeTheOrigin(String cacheStatus, CacheOutcome outcome) {
		assertThat(CacheStatusOutcome.of(cacheStatus)).isEqualTo(outcome);
	}

	@Test
	void noValueIsNoOutcome() {
		assertThat(CacheStatusOutcome.of(null)).isNull();
		assertThat(CacheStatusOutcome.of(" ")).isNull();
	}

	@Test
	void cacheNameIsTheFirstMember() {
		assertThat(CacheStatusOutcome.cacheName("github; hit; ttl=4")).isEqualTo("github");
		assertThat(CacheStatusOutcome.cacheName("http-cache")).isEqualTo("http-cache");
		assertThat(CacheStatusOutcome.cacheName("http-cache, ExampleCDN; hit")).isEqualTo("http-cache");
		assertThat(CacheStatusOutcome.cacheName(null)).isNull();
	}

}
