package io.github.httpcache.client;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.httpcache.core.CacheOutcome;

/** Fans events out to several listeners; one listener's failure never reaches the request or the others. */
final class HttpCacheListeners implements HttpCacheListener {

	private static final Log logger = LogFactory.getLog(HttpCacheListeners.class);

	private final List<HttpCacheListener> listeners;

	HttpCacheListeners(List<HttpCacheListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public void onRequest(CacheOutcome outcome) {
		for (HttpCacheListener listener : this.listeners) {
			try {
				listener.onRequest(outcome);
			}
			catch (RuntimeException ex) {
				logger.debug("Cache listener failed", ex);
			}
		}
	}

	@Override
	public void onRevalidation(RevalidationOutcome outcome) {
		for (HttpCacheListener listener : this.listeners) {
			try {
				listener.onRevalidation(outcome);
			}
			catch (RuntimeException ex) {
				logger.debug("Cache listener failed", ex);
			}
		}
	}

	@Override
	public void onStoreOperation(StoreOperation operation, StoreOutcome outcome, Duration duration) {
		for (HttpCacheListener listener : this.listeners) {
			try {
				listener.onStoreOperation(operation, outcome, duration);
			}
			catch (RuntimeException ex) {
				logger.debug("Cache listener failed", ex);
			}
		}
	}

}
