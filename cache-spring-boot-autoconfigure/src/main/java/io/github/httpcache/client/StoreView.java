package io.github.httpcache.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;
import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.CacheKey;
import io.github.httpcache.store.CacheStore;
import io.github.httpcache.store.Lookup;
import io.github.httpcache.store.ReactiveCacheStore;

/**
 * The store as the flow ({@link CacheFlow}) calls it: every call answers a {@link CompletionStage}. Over
 * a blocking {@link CacheStore} each call runs on the caller's thread and the stage is already
 * complete when it returns, so the blocking clients never change threads; over a
 * {@link ReactiveCacheStore} each call is the store's {@code Mono} subscribed as a future, so the
 * reactive client never blocks.
 */
interface StoreView {

	CompletionStage<Lookup> lookup(CacheKey key);

	CompletionStage<Long> generation(String urlKey);

	/** Whether it was written; {@code false} when refused (the URL's generation moved on). */
	CompletionStage<Boolean> put(CacheKey key, CacheEntry entry, long generation);

	/** Stores an entry freshened by a 304 or a {@code HEAD}: the stored body with a new head. */
	CompletionStage<Boolean> freshen(CacheKey key, CacheEntry entry, long generation);

	CompletionStage<@Nullable Void> evictUrl(String urlKey);

	CompletionStage<Boolean> tryLease(CacheKey key, String owner, Duration ttl);

	CompletionStage<@Nullable Void> releaseLease(CacheKey key, String owner);

	/** A blocking store, called on the caller's thread. */
	static StoreView of(CacheStore store) {
		return new StoreView() {

			@Override
			public CompletionStage<Lookup> lookup(CacheKey key) {
				return inline(() -> store.lookup(key));
			}

			@Override
			public CompletionStage<Long> generation(String urlKey) {
				return inline(() -> store.generation(urlKey));
			}

			@Override
			public CompletionStage<Boolean> put(CacheKey key, CacheEntry entry, long generation) {
				return inline(() -> store.put(key, entry, generation));
			}

			@Override
			public CompletionStage<Boolean> freshen(CacheKey key, CacheEntry entry, long generation) {
				return inline(() -> store.freshen(key, entry, generation));
			}

			@Override
			public CompletionStage<@Nullable Void> evictUrl(String urlKey) {
				return inline(() -> {
					store.evictUrl(urlKey);
					return null;
				});
			}

			@Override
			public CompletionStage<Boolean> tryLease(CacheKey key, String owner, Duration ttl) {
				return inline(() -> store.tryLease(key, owner, ttl));
			}

			@Override
			public CompletionStage<@Nullable Void> releaseLease(CacheKey key, String owner) {
				return inline(() -> {
					store.releaseLease(key, owner);
					return null;
				});
			}

		};
	}

	/** A reactive store: each call subscribes the store's {@code Mono}; an empty one reads as {@code null}. */
	static StoreView of(ReactiveCacheStore store) {
		return of(store, Context.empty());
	}

	/**
	 * A reactive store whose calls see the caller's Reactor context (the request's observation, for one),
	 * which subscribing through a future would otherwise lose.
	 */
	static StoreView of(ReactiveCacheStore store, ContextView context) {
		return new StoreView() {

			private <T> Mono<T> in(Mono<T> call) {
				return context.isEmpty() ? call : call.contextWrite(context);
			}

			@Override
			public CompletionStage<Lookup> lookup(CacheKey key) {
				return in(store.lookup(key)).toFuture();
			}

			@Override
			public CompletionStage<Long> generation(String urlKey) {
				return in(store.generation(urlKey)).toFuture();
			}

			@Override
			public CompletionStage<Boolean> put(CacheKey key, CacheEntry entry, long generation) {
				return in(store.put(key, entry, generation).defaultIfEmpty(false)).toFuture();
			}

			@Override
			public CompletionStage<Boolean> freshen(CacheKey key, CacheEntry entry, long generation) {
				return in(store.freshen(key, entry, generation).defaultIfEmpty(false)).toFuture();
			}

			@Override
			public CompletionStage<@Nullable Void> evictUrl(String urlKey) {
				return in(store.evictUrl(urlKey)).toFuture();
			}

			@Override
			public CompletionStage<Boolean> tryLease(CacheKey key, String owner, Duration ttl) {
				return in(store.tryLease(key, owner, ttl).defaultIfEmpty(true)).toFuture();
			}

			@Override
			public CompletionStage<@Nullable Void> releaseLease(CacheKey key, String owner) {
				return in(store.releaseLease(key, owner)).toFuture();
			}

		};
	}

	private static <T> CompletionStage<T> inline(Supplier<T> call) {
		try {
			return CompletableFuture.completedFuture(call.get());
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

}
