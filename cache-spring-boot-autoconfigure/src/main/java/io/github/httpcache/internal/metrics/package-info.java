/**
 * Not API: the Micrometer meters, fed by the engine's events, public only so that the starter's
 * auto-configuration can register them; they may change without notice.
 * <p>
 * The meters' names and tags are API (see the README's Observability section), the classes are not.
 */
@NullMarked
package io.github.httpcache.internal.metrics;

import org.jspecify.annotations.NullMarked;
