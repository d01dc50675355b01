/**
 * Spring Boot auto-configuration and {@code http.cache.*} properties.
 */
@NullMarked
package io.github.httpcache.autoconfigure;

import org.jspecify.annotations.NullMarked;
