package io.github.httpcache.internal.core;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;

import static io.github.httpcache.internal.core.StoredResponses.NOW;
import static io.github.httpcache.internal.core.StoredResponses.date;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9111 §4.3.4 and §4.1: a validation response ({@code 304}, or a {@code 200} to {@code HEAD}) that
 * changes {@code Vary} is never merged into a variant it no longer describes. The answered entry is
 * stored as the variant of the request that was validated, its values re-selected under the new
 * {@code Vary}; another variant the 304 selects is left as it was.
 */
class VaryChangeTests {

	private final CachePolicy policy = StoredResponses.honouringHeaders();

	private final Instant later = NOW.plusSeconds(60);

	/** Stored for flavour=a, when the origin varied on X-Flavour only. */
	private final CacheEntry stored = StoredResponses.store(this.policy,
			request("X-Flavour", "a", "X-Region", "eu"),
			Headers.of("Date", date(NOW), "Cache-Control", "max-age=10", "ETag", "\"v1\"", "Vary", "X-Flavour"), "body",
			NOW);

	@Test
	void aNotModifiedThatChangesVaryStoresTheEntryAsTheValidatedRequestsVariant() {
		CacheRequest validated = request("X-Flavour", "a", "X-Region", "us");
		CachePolicy.Storing storing = this.policy.freshen(validated, this.stored, notModified("X-Region"), this.later,
				this.later);
		assertThat(storing.write()).isTrue();
		CacheEntry updated = storing.entry();
		assertThat(updated.headers().first("Vary")).isEqualTo("X-Region");
		assertThat(updated.varyValues().first("x-region")).isEqualTo("us");
		assertThat(updated.varyValues().contains("x-flavour")).isFalse();
		assertThat(updated.variantKey()).isNotEqualTo(this.stored.variantKey());
		// Matched by the new Vary's fields, and by nothing the old values would have let through.
		assertThat(VaryMatcher.matches(updated, request("X-Flavour", "b", "X-Region", "us").headers())).isTrue();
		assertThat(VaryMatcher.matches(updated, request("X-Flavour", "a", "X-Region", "eu").headers())).isFalse();
		assertThat(VaryMatcher.matches(updated, request("X-Flavour", "a").headers()))
			.as("a request without X-Region is not the validated one")
			.isFalse();
	}

	@Test
	void theOldVariantIsNotRewritten() {
		CachePolicy.Storing storing = this.policy.freshen(request("X-Flavour", "a", "X-Region", "us"), this.stored,
				notModified("X-Region"), this.later, this.later);
		assertThat(this.stored.headers().first("Vary")).isEqualTo("X-Flavour");
		assertThat(storing.entry().variantKey()).as("written beside it, not over it").isNotEqualTo(this.stored.variantKey());
	}

	@Test
	void aNotModifiedThatKeepsOrOmitsVaryKeepsTheValues() {
		CacheRequest validated = request("X-Flavour", "a", "X-Region", "us");
		for (Headers notModified : new Headers[] { Headers.of("Date", date(this.later), "ETag", "\"v1\""),
				notModified("x-flavour") }) {
			CacheEntry updated = this.policy.freshen(validated, this.stored, notModified, this.later, this.later).entry();
			assertThat(updated.varyValues()).isEqualTo(this.stored.varyValues());
			assertThat(updated.variantKey()).isEqualTo(this.stored.variantKey());
		}
	}

	@Test
	void anotherVariantSelectedByTheNotModifiedIsLeftAsItWasWhenVaryChanges() {
		CachePolicy.Storing other = this.policy.freshenOther(request("X-Flavour", "b", "X-Region", "us"), this.stored,
				notModified("X-Region"), this.later, this.later);
		assertThat(other.write()).isFalse();
		assertThat(other.entry()).isNull();
		CachePolicy.Storing unchanged = this.policy.freshenOther(request("X-Flavour", "b"), this.stored,
				Headers.of("Date", date(this.later), "ETag", "\"v1\"", "Cache-Control", "max-age=30"), this.later,
				this.later);
		assertThat(unchanged.write()).isTrue();
		assertThat(unchanged.entry().varyValues()).isEqualTo(this.stored.varyValues());
	}

	@Test
	void aHeadResponseThatChangesVaryReselectsToo() {
		CacheRequest head = request("X-Flavour", "a", "X-Region", "us").withMethod("HEAD");
		CachePolicy.Storing storing = this.policy.freshenFromHead(head, this.stored,
				Headers.of("Date", date(this.later), "ETag", "\"v1\"", "Vary", "X-Region", "Cache-Control", "max-age=30"),
				this.later, this.later);
		assertThat(storing.write()).isTrue();
		assertThat(storing.entry().varyValues().first("x-region")).isEqualTo("us");
		assertThat(storing.entry().varyValues().contains("x-flavour")).isFalse();
	}

	@Test
	void aNotModifiedThatChangesVaryToStarIsNotStored() {
		CachePolicy.Storing storing = this.policy.freshen(request("X-Flavour", "a"), this.stored, notModified("*"),
				this.later, this.later);
		assertThat(storing.write()).isFalse();
		assertThat(storing.entry()).as("still answers this request").isNotNull();
	}

	private Headers notModified(String vary) {
		return Headers.of("Date", date(this.later), "ETag", "\"v1\"", "Vary", vary, "Cache-Control", "max-age=30");
	}

	private static CacheRequest request(String... headers) {
		return CacheRequest.get("http://example.com/menu").withHeaders(Headers.of(headers));
	}

}
