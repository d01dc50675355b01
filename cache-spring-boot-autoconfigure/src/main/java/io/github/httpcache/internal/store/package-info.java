/**
 * Not API: the starter's stores, public only so that its other packages can build and call them; they
 * may change without notice.
 * <p>
 * The Redis stores (blocking and reactive) and the in-memory store, the near tier and its invalidation
 * channel, the entry codec, the call guard and the circuit breaker. The SPI they implement is API, in
 * {@code io.github.httpcache.store}.
 */
@NullMarked
package io.github.httpcache.internal.store;

import org.jspecify.annotations.NullMarked;
