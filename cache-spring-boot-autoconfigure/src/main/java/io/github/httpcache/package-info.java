/**
 * Transparent HTTP response caching for Spring's HTTP clients; {@link io.github.httpcache.HttpCacheRequest}
 * holds the per-request options.
 */
@NullMarked
package io.github.httpcache;

import org.jspecify.annotations.NullMarked;
