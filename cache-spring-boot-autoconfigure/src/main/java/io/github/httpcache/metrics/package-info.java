/**
 * Micrometer meters, fed by the engine's events.
 */
@NullMarked
package io.github.httpcache.metrics;

import org.jspecify.annotations.NullMarked;
