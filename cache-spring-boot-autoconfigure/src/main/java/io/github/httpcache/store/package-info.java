/**
 * Where entries live: the {@link io.github.httpcache.store.CacheStore} SPI, its Redis and in-memory implementations and the entry codec.
 */
@NullMarked
package io.github.httpcache.store;

import org.jspecify.annotations.NullMarked;
