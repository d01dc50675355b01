package io.github.httpcache.autoconfigure;

import java.util.List;

import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.ReactiveCacheStore;

/**
 * Wraps the store an engine calls, for concerns that watch each call (observations). Applied where an
 * engine or a WebClient filter is built, never to the {@link CacheStore} bean itself, so that code which
 * asks what the store is ({@code instanceof RedisCacheStore}) reads {@link #undecorated}.
 */
interface CacheStoreDecorator {

	/**
	 * Wraps a blocking store.
	 * @param store the store
	 * @param cacheName the policy name the calls are made for ({@code http-cache} for the default)
	 * @return the wrapped store
	 */
	CacheStore decorate(CacheStore store, String cacheName);

	/**
	 * Wraps a non-blocking store.
	 * @param store the store
	 * @param cacheName the policy name the calls are made for
	 * @return the wrapped store
	 */
	ReactiveCacheStore decorate(ReactiveCacheStore store, String cacheName);

	/** A store that wraps another. */
	interface Decorated {

		CacheStore delegate();

	}

	static CacheStore decorate(List<CacheStoreDecorator> decorators, CacheStore store, String cacheName) {
		CacheStore decorated = store;
		for (CacheStoreDecorator decorator : decorators) {
			decorated = decorator.decorate(decorated, cacheName);
		}
		return decorated;
	}

	static ReactiveCacheStore decorate(List<CacheStoreDecorator> decorators, ReactiveCacheStore store,
			String cacheName) {
		ReactiveCacheStore decorated = store;
		for (CacheStoreDecorator decorator : decorators) {
			decorated = decorator.decorate(decorated, cacheName);
		}
		return decorated;
	}

	/** The store under every decorator. */
	static CacheStore undecorated(CacheStore store) {
		CacheStore current = store;
		while (current instanceof Decorated decorated) {
			current = decorated.delegate();
		}
		return current;
	}

}
