/**
 * The values of the caching decisions that applications and store authors see.
 * <p>
 * API: the extension points {@link io.github.httpcache.core.ResponseCachePredicate} and
 * {@link io.github.httpcache.core.CacheKeyCustomizer} and what they see
 * ({@link io.github.httpcache.core.CacheRequest}, with its {@link io.github.httpcache.core.CacheControl}
 * and {@link io.github.httpcache.core.RequestOptions}, {@link io.github.httpcache.core.ResponseData},
 * {@link io.github.httpcache.core.Headers}), the stored values of the store SPI
 * ({@link io.github.httpcache.core.CacheEntry}, {@link io.github.httpcache.core.CacheKey}),
 * {@link io.github.httpcache.core.CacheOutcome}, which listeners receive, and the typed values of the
 * expiration properties ({@link io.github.httpcache.core.Expiration},
 * {@link io.github.httpcache.core.StaleWindow}). No Spring, Redis or I/O. The decisions themselves are
 * in {@code io.github.httpcache.internal.core}, which is not API.
 */
@NullMarked
package io.github.httpcache.core;

import org.jspecify.annotations.NullMarked;
