package io.github.httpcache.internal.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.httpcache.internal.core.KeySecret;
import io.github.httpcache.store.CacheStore;

/**
 * The key secret kept in the store ({@link CacheStore#keySecret}), so that every instance sharing
 * the store keys credential digests the same way.
 * <p>
 * It is read once at start-up ({@link #resolve()}). When the store cannot be reached then, start-up
 * goes on and the secret stays unknown: requests that carry credentials bypass the cache (they go to
 * the origin, as without the starter) rather than being keyed with a secret of this instance's own,
 * which would split the instances without a word. Requests that carry no credentials are unaffected.
 * While it is unknown, a request that asks for it starts a new attempt in the background, at most one
 * every {@link #RETRY_INTERVAL}, so no request waits for the store on its behalf.
 */
public final class StoredKeySecret implements KeySecret {

	private static final Log logger = LogFactory.getLog(StoredKeySecret.class);

	/** Shortest time between two attempts to read the secret while the store is unreachable. */
	public static final Duration RETRY_INTERVAL = Duration.ofSeconds(2);

	private final CacheStore store;

	private volatile byte @Nullable [] secret;

	private final AtomicBoolean attempting = new AtomicBoolean();

	private volatile long nextAttempt = System.nanoTime();

	private volatile boolean warned;

	public StoredKeySecret(CacheStore store) {
		this.store = store;
	}

	/**
	 * Reads the secret from the store, keeping a generated one there if it has none; on the calling
	 * thread, bounded by the store's own timeout.
	 * @return whether the secret is now known
	 */
	public boolean resolve() {
		if (this.secret != null) {
			return true;
		}
		try {
			this.secret = this.store.keySecret(KeySecret.generate());
			if (this.warned) {
				logger.info("HTTP cache key secret read from the store; requests with credentials are cached again");
			}
			return true;
		}
		catch (RuntimeException ex) {
			this.nextAttempt = System.nanoTime() + RETRY_INTERVAL.toNanos();
			if (this.warned) {
				logger.debug("Still cannot read the HTTP cache key secret from the store", ex);
				return false;
			}
			this.warned = true;
			logger.warn("Cannot read the HTTP cache key secret from the store (" + ex.getMessage()
					+ "); requests that carry credentials bypass the cache until it can be read. Set "
					+ "http.cache.key-secret to remove the dependency on the store.");
			return false;
		}
	}

	@Override
	public byte @Nullable [] current() {
		byte[] known = this.secret;
		if (known == null && System.nanoTime() - this.nextAttempt >= 0 && this.attempting.compareAndSet(false, true)) {
			Thread attempt = new Thread(() -> {
				try {
					resolve();
				}
				finally {
					this.attempting.set(false);
				}
			}, "http-cache-key-secret");
			attempt.setDaemon(true);
			attempt.start();
		}
		return known;
	}

}
