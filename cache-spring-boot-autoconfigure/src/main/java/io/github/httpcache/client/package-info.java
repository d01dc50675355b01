/**
 * The thin adapters that attach the cache to Spring's HTTP clients, over one request flow.
 * <p>
 * API: {@link io.github.httpcache.client.CachingClientHttpRequestInterceptor} (RestClient,
 * RestTemplate), {@link io.github.httpcache.client.CachingExchangeFilterFunction} (WebClient), the
 * listener SPI {@link io.github.httpcache.client.HttpCacheListener}, and
 * {@link io.github.httpcache.client.CollapseMode} ({@code http.cache.collapse}).
 * {@link io.github.httpcache.client.HttpCacheEngine} is public only so that the adapters can be built
 * by hand from the auto-configured bean; its methods are not API. Everything else here is
 * package-private.
 */
@NullMarked
package io.github.httpcache.client;

import org.jspecify.annotations.NullMarked;
