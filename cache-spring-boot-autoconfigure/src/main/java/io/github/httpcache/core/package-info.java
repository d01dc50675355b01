/**
 * Pure RFC 9111 caching decisions: parsing, keys, freshness, storability, validators, and the verdicts
 * before ({@link io.github.httpcache.internal.core.CachePolicy#decide}) and after
 * ({@link io.github.httpcache.internal.core.AfterResponse}) the origin answers. No Spring, Redis or I/O.
 * <p>
 * API: the extension points {@link io.github.httpcache.core.ResponseCachePredicate} and
 * {@link io.github.httpcache.core.CacheKeyCustomizer} and what they see
 * ({@link io.github.httpcache.core.CacheRequest}, {@link io.github.httpcache.core.ResponseData},
 * {@link io.github.httpcache.core.Headers}), the stored values of the store SPI
 * ({@link io.github.httpcache.core.CacheEntry}, {@link io.github.httpcache.core.CacheKey}), and
 * {@link io.github.httpcache.core.CacheOutcome}, which listeners receive. The other public types are
 * public only because the flow and the auto-configuration, in other packages, call them; they are not
 * API and may change without notice. Decisions used only here are package-private.
 */
@NullMarked
package io.github.httpcache.core;

import org.jspecify.annotations.NullMarked;
