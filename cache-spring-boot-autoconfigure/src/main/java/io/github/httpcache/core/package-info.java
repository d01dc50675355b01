/**
 * Pure RFC 9111 caching decisions: parsing, keys, freshness, storability, validators. No Spring, Redis or I/O.
 */
@NullMarked
package io.github.httpcache.core;

import org.jspecify.annotations.NullMarked;
