package io.github.httpcache.internal.core;

import java.net.URI;

/** Decides whether a request URL falls under a configured rule, such as one of {@code urls-expire-after}. */
@FunctionalInterface
public interface UrlMatcher {

	boolean matches(URI uri);

}
