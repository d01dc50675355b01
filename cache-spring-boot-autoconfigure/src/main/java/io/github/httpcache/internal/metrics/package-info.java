/**
 * Micrometer meters, fed by the engine's events. Not API: the meters' names and tags are (see the
 * README's Observability section); {@link io.github.httpcache.internal.metrics.HttpCacheMetrics} is public only
 * because the auto-configuration registers it.
 */
@NullMarked
package io.github.httpcache.internal.metrics;

import org.jspecify.annotations.NullMarked;
