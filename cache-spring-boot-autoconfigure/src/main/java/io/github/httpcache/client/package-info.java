/**
 * The caching engine and the thin adapters that attach it to Spring's HTTP clients.
 */
@NullMarked
package io.github.httpcache.client;

import org.jspecify.annotations.NullMarked;
