/**
 * Not API: the starter's RFC 9111 caching decisions, public only so that its other packages can call
 * them; they may change without notice.
 * <p>
 * Parsing, keys, freshness, storability, validators, and the verdicts before
 * ({@link io.github.httpcache.internal.core.CachePolicy#decide}) and after
 * ({@link io.github.httpcache.internal.core.AfterResponse}) the origin answers, as pure functions: no
 * Spring, Redis or I/O. The values they read and return that applications see are API, in
 * {@code io.github.httpcache.core}. Decisions used only here are package-private.
 */
@NullMarked
package io.github.httpcache.internal.core;

import org.jspecify.annotations.NullMarked;
