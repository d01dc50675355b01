package io.github.httpcache.autoconfigure;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Says once per name that a request asked for a policy nobody configured; the request is then cached
 * under the default policy, never failed.
 */
final class UnknownPolicies {

	private static final Log logger = LogFactory.getLog(UnknownPolicies.class);

	private static final int MAX_NAMES = 100;

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	private final Set<String> known;

	UnknownPolicies(Set<String> known) {
		this.known = Set.copyOf(known);
	}

	void warn(String name) {
		if (this.warned.size() < MAX_NAMES && this.warned.add(name)) {
			logger.warn("A request asked for the HTTP cache policy '" + name + "', which is not configured "
					+ "(configured: " + this.known + "); it is cached under the default policy. Configure "
					+ "http.cache.clients." + name + ".* or correct the name.");
		}
	}

}
