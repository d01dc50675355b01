package io.github.httpcache.core;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Cache-Control} parsed once into directives (RFC 9111 §5.2), never by substring.
 */
class CacheControlTests {

	@Test
	void directiveNamesAreCaseInsensitive() {
		CacheControl cacheControl = CacheControl.parse("No-Store, MAX-AGE=60, Immutable");
		assertThat(cacheControl.noStore()).isTrue();
		assertThat(cacheControl.immutable()).isTrue();
		assertThat(cacheControl.maxAge()).isEqualTo(Duration.ofSeconds(60));
		assertThat(cacheControl.has("NO-STORE")).isTrue();
	}

	@Test
	void quotedStringsAreUnquotedWithTheirEscapes() {
		CacheControl cacheControl = CacheControl.parse("private=\"Set-Cookie\", ext=\"a \\\"b\\\" \\\\c\"");
		assertThat(cacheControl.fieldNames("private")).containsExactly("set-cookie");
		assertThat(cacheControl.directives()).contains(new CacheControl.Directive("ext", "a \"b\" \\c"));
	}

	@Test
	void commasInsideQuotesDoNotSplitDirectives() {
		CacheControl cacheControl = CacheControl.parse("no-cache=\"Set-Cookie, X-Secret\", max-age=5");
		assertThat(cacheControl.directives()).hasSize(2);
		assertThat(cacheControl.fieldNames("no-cache")).containsExactly("set-cookie", "x-secret");
		assertThat(cacheControl.maxAge()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void directivesAreNeverFoundBySubstring() {
		CacheControl cacheControl = CacheControl.parse("x-no-store, no-storey, ext=\"no-store, max-age=9\"");
		assertThat(cacheControl.noStore()).isFalse();
		assertThat(cacheControl.maxAge()).isNull();
	}

	@Test
	void duplicatesResolveToTheMostRestrictive() {
		assertThat(CacheControl.parse("max-age=60, max-age=10").maxAge()).isEqualTo(Duration.ofSeconds(10));
		assertThat(CacheControl.parse(List.of("max-age=10", "max-age=60")).maxAge()).isEqualTo(Duration.ofSeconds(10));
		assertThat(CacheControl.parse("max-stale=60, max-stale=10").maxStale()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void fieldLinesAreCombined() {
		CacheControl cacheControl = CacheControl.parse(List.of("public", "max-age=30", "immutable"));
		assertThat(cacheControl.isPublic()).isTrue();
		assertThat(cacheControl.maxAge()).isEqualTo(Duration.ofSeconds(30));
		assertThat(cacheControl.immutable()).isTrue();
		assertThat(CacheControl.of(Headers.of("cache-control", "no-cache", "CACHE-CONTROL", "no-store")).noStore()).isTrue();
	}

	@Test
	void invalidDeltaSecondsReadAsZeroSoTheResponseIsStale() {
		// RFC 9111 §4.2.1: invalid freshness information is treated as stale.
		assertThat(CacheControl.parse("max-age=abc").maxAge()).isEqualTo(Duration.ZERO);
		assertThat(CacheControl.parse("max-age=-5").maxAge()).isEqualTo(Duration.ZERO);
		assertThat(CacheControl.parse("max-age=1.5").maxAge()).isEqualTo(Duration.ZERO);
		assertThat(CacheControl.parse("max-age=").maxAge()).isEqualTo(Duration.ZERO);
	}

	@Test
	void deltaSecondsDirectiveWithoutItsValueReadsAsZero() {
		// "max-age" alone is invalid freshness information: stale, not absent (RFC 9111 §4.2.1).
		assertThat(CacheControl.parse("max-age").maxAge()).isEqualTo(Duration.ZERO);
		assertThat(CacheControl.parse("max-age, max-age=60").maxAge()).isEqualTo(Duration.ZERO);
		assertThat(CacheControl.parse("s-maxage").sMaxAge()).isEqualTo(Duration.ZERO);
		assertThat(CacheControl.parse("max-stale, max-stale=10").maxStale()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void quotedDeltaSecondsAreRead() {
		assertThat(CacheControl.parse("max-age=\"60\"").maxAge()).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void overflowingDeltaSecondsReadAsTwoToTheThirtyFirst() {
		// RFC 9111 §1.2.2.
		Duration cap = Duration.ofSeconds(2147483648L);
		assertThat(CacheControl.parse("max-age=2147483648").maxAge()).isEqualTo(cap);
		assertThat(CacheControl.parse("max-age=99999999999999999999999999").maxAge()).isEqualTo(cap);
		assertThat(CacheControl.parse("max-age=2147483647").maxAge()).isEqualTo(Duration.ofSeconds(2147483647L));
	}

	@Test
	void maxStaleWithoutAValueAcceptsAnyStaleness() {
		assertThat(CacheControl.parse("max-stale").maxStale()).isSameAs(CacheControl.UNLIMITED);
		assertThat(CacheControl.parse("max-age=1").maxStale()).isNull();
	}

	@Test
	void garbageAndEmptyLinesYieldNoDirectives() {
		assertThat(CacheControl.parse((String) null).directives()).isEmpty();
		assertThat(CacheControl.parse("").directives()).isEmpty();
		assertThat(CacheControl.parse(" , ,, ").directives()).isEmpty();
		assertThat(CacheControl.parse("=5, \"quoted\", @").directives()).isEmpty();
		assertThat(CacheControl.parse("max-age=5 junk, no-store").noStore()).isTrue();
		assertThat(CacheControl.parse("max-age=\"5, no-store").noStore()).as("an unterminated quote ends the line")
			.isFalse();
	}

	@Test
	void formattedDirectivesParseBack() {
		CacheControl cacheControl = CacheControl.parse("max-age=60, private=\"a, b\", no-store, ext=\"\"");
		assertThat(CacheControl.parse(cacheControl.toString())).isEqualTo(cacheControl);
	}

}
